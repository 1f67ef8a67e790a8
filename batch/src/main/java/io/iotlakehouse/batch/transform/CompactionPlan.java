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

  /** One OPTIMIZE: a partition ({@code predicate} on its {@code date}) or the whole table (both null). */
  public record Part(String predicate, LocalDate date, int files) {}

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
    List<Part> rewrite = new ArrayList<>();
    int left = 0;
    for (Part p : parts(table, files)) {
      boolean closed = p.predicate() == null || p.date().isBefore(cutoff);
      if (closed && p.files() > 1) rewrite.add(p);
      else left += p.files();
    }
    return new Plan(table, rewrite, left);
  }

  /** Every part of the table (each date partition, or the whole unpartitioned table) with its number of files. */
  public static List<Part> parts(LakeTable table, Collection<String> files) {
    List<Part> parts = new ArrayList<>();
    if (!table.partitioned()) {
      if (!files.isEmpty()) parts.add(new Part(null, null, files.size()));
      return parts;
    }
    for (Map.Entry<LocalDate, Integer> e : PartitionFiles.count(files, table.partitionColumn()).entrySet()) {
      parts.add(new Part(table.partitionColumn() + " = '" + e.getKey() + "'", e.getKey(), e.getValue()));
    }
    return parts;
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
