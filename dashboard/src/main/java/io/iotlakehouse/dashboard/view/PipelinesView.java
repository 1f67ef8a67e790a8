package io.iotlakehouse.dashboard.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.dashboard.HotData;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Pipeline health: the last progress of each streaming query, from the {@code lh:pipeline:<query>} hashes. */
public final class PipelinesView {
  private PipelinesView() {}

  public static ObjectNode render(String source, List<HotData.Entry> pipelines, Instant now, Duration staleAfter) {
    if (pipelines.isEmpty()) {
      return Panel.empty(source, "No streaming query has reported progress yet: each job writes its last batch to "
          + "lh:pipeline:<query>. Start the streaming jobs (./lakehouse demo)");
    }
    ObjectNode out = Panel.ok(source);
    out.put("stale_after_s", staleAfter.toSeconds());
    ArrayNode rows = out.putArray("pipelines");
    int stale = 0;
    for (HotData.Entry e : pipelines.stream().sorted(Comparator.comparing(HotData.Entry::id)).toList()) {
      Map<String, String> f = e.fields();
      ObjectNode p = rows.addObject();
      p.put("query", f.getOrDefault("query", e.id()));
      Values.putNumber(p, "input_rows_per_second", f.get("input_rows_per_second"));
      Values.putNumber(p, "processed_rows_per_second", f.get("processed_rows_per_second"));
      Values.putNumber(p, "source_lag", f.get("source_lag"));
      Values.putNumber(p, "input_rows", f.get("input_rows"));
      Values.putNumber(p, "batch_duration_ms", f.get("batch_duration_ms"));
      Long batch = Values.whole(f.get("batch_id"));
      if (batch == null) p.putNull("batch_id");
      else p.put("batch_id", batch);
      p.put("watermark", Values.text(f.get("watermark")));
      Long ts = Values.whole(f.get("timestamp"));
      Long age = Values.ageSeconds(ts, now);
      if (ts == null) p.putNull("timestamp_ms");
      else p.put("timestamp_ms", ts);
      if (age == null) p.putNull("age_s");
      else p.put("age_s", age);
      boolean isStale = age == null || Duration.ofSeconds(age).compareTo(staleAfter) > 0;
      p.put("stale", isStale);
      p.put("health", isStale ? "stale" : "ok");
      if (isStale) stale++;
    }
    out.put("stale", stale);
    return out;
  }
}
