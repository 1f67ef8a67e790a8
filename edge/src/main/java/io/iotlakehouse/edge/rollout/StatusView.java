package io.iotlakehouse.edge.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code lakehouse models status}: which gateway runs what, from their heartbeats; pure. */
public final class StatusView {
  private StatusView() {}

  public record Row(String gateway, String status, String serving, String desired, String state, long ageMillis,
      String rolloutId, RolloutPolicy.Counters counters) {}

  public static List<Row> rows(Map<String, GatewayReport> reports, long nowMillis, Duration staleAfter) {
    List<Row> rows = new ArrayList<>();
    reports.forEach((id, r) -> rows.add(new Row(id, RolloutPolicy.liveness(r, nowMillis, staleAfter).wire(), r.model(),
        r.desired(), r.state(), Math.max(0, nowMillis - r.ts()), r.rolloutId(), r.counters())));
    rows.sort(java.util.Comparator.comparing(Row::gateway));
    return rows;
  }

  public static String table(List<Row> rows) {
    String fmt = "%-20s %-8s %-24s %-24s %-28s %s%n";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "GATEWAY", "STATUS", "SERVING", "DESIRED", "STATE",
        "HEARTBEAT AGE"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, fmt, r.gateway(), r.status(), dash(r.serving()), dash(r.desired()), dash(r.state()),
          age(r.ageMillis())));
    }
    return sb.toString();
  }

  public static String json(List<Row> rows) {
    ObjectMapper m = new ObjectMapper();
    ArrayNode a = m.createArrayNode();
    for (Row r : rows) {
      ObjectNode o = a.addObject().put("gateway", r.gateway()).put("status", r.status()).put("serving", r.serving())
          .put("desired", r.desired()).put("state", r.state()).put("heartbeat_age_ms", r.ageMillis())
          .put("rollout_id", r.rolloutId());
      o.put("scored", r.counters().scored()).put("score_errors", r.counters().errors()).put("alerts", r.counters().alerts());
    }
    return m.createObjectNode().set("gateways", a).toString();
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }

  static String age(long ms) {
    if (ms < 1000) return ms + "ms";
    if (ms < 120_000) return ms / 1000 + "s";
    if (ms < 7_200_000) return ms / 60_000 + "m";
    return ms / 3_600_000 + "h";
  }
}
