package io.iotlakehouse.batch.transform;

import io.iotlakehouse.batch.LakeTables.LakeTable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What compaction rewrites in a table: the date partitions older than the cutoff (the streams no longer append to or
 * MERGE into them) holding more than one file; an unpartitioned table as a whole when it holds more than one file. A
 * partition already compacted to one file is left alone, so running compaction again rewrites nothing.
 */
public final class CompactionPlan {
  private CompactionPlan() {}

  /** One OPTIMIZE: a partition ({@code predicate} on its date) or the whole table ({@code predicate} null). */
  public record Part(String predicate, int files) {}

  /** One table's plan: the parts to rewrite, and how many files stay as they are. */
  public record Plan(LakeTable table, List<Part> rewrite, int filesLeft) {
    public int filesToRewrite() {
      return rewrite.stream().mapToInt(Part::files).sum();
    }
  }

  /** Partitions whose date is before this are closed: the UTC date of {@code now - minAge}. */
  public static LocalDate cutoff(Instant now, Duration minAge) {
    return now.minus(minAge).atZone(ZoneOffset.UTC).toLocalDate();
  }

  /**
   * @param files the data files of the table's current snapshot
   * @param cutoff partitions dated before it are rewritten (ignored for an unpartitioned table)
   */
  public static Plan plan(LakeTable table, Collection<String> files, LocalDate cutoff) {
    List<Part> parts = new ArrayList<>();
    int left = 0;
    if (!table.partitioned()) {
      if (files.size() > 1) parts.add(new Part(null, files.size()));
      else left = files.size();
      return new Plan(table, parts, left);
    }
    for (Map.Entry<LocalDate, Integer> e : PartitionFiles.count(files, table.partitionColumn()).entrySet()) {
      if (e.getKey().isBefore(cutoff) && e.getValue() > 1) {
        parts.add(new Part(table.partitionColumn() + " = '" + e.getKey() + "'", e.getValue()));
      } else {
        left += e.getValue();
      }
    }
    return new Plan(table, parts, left);
  }

  /**
   * Why a table may not be compacted while the streams run (empty when it may). The unpartitioned tables the gold stream
   * MERGEs into can only be compacted as a whole, and an OPTIMIZE commit there removes files the stream's next MERGE
   * reads, failing that batch.
   */
  public static List<String> refusals(LakeTable table, boolean goldStopped) {
    if (table.compactableWhileStreaming() || goldStopped) return List.of();
    return List.of(table.name() + " is unpartitioned and MERGEd into by the gold stream: an OPTIMIZE commit would remove "
        + "files the stream's next MERGE reads and fail that batch; compact it with the gold job stopped (--gold-stopped)");
  }
}
