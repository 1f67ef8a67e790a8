package io.iotlakehouse.streaming.io;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Replaces rows of a Delta table by key: the source's rows overwrite the target rows with the same key and are
 * inserted where there is none (MERGE ... WHEN MATCHED UPDATE * WHEN NOT MATCHED INSERT *). Writing the same source
 * twice leaves the same table, which is what makes a replayed gold batch harmless, and what makes it safe to run a MERGE
 * again when it loses a race with a concurrent commit ({@link DeltaConflicts}).
 */
public final class DeltaMerge {
  private DeltaMerge() {}

  /**
   * @param source rows with the target's columns, at most one per key (Delta refuses a MERGE where several source rows
   *     match one target row)
   * @param key key columns
   * @param targetFilter a predicate on the target ({@code t.} columns, literals only) that holds for every row the
   *     source can match, e.g. the partition dates and time range of the source: Delta prunes files with it; null for
   *     none
   * @param replaceWhen an extra condition ({@code s.} and {@code t.} columns) a matched row must meet to be replaced,
   *     null for always
   */
  public static void replace(SparkSession spark, String path, Dataset<Row> source, List<String> key, Column targetFilter,
      Column replaceWhen) {
    Column on = null;
    for (String k : key) {
      Column eq = col("t." + k).equalTo(col("s." + k));
      on = on == null ? eq : on.and(eq);
    }
    if (targetFilter != null) on = on.and(targetFilter);
    Column condition = on;
    // A concurrent commit that rewrote files this MERGE read (the batch jobs' compaction or backfill) makes it lose the
    // race; the source is deterministic, so running it again on the new snapshot gives the same rows.
    DeltaConflicts.retry("MERGE into " + path, MAX_ATTEMPTS, FIRST_BACKOFF, () -> {
      DeltaMergeBuilder m = DeltaTable.forPath(spark, path).as("t").merge(source.as("s"), condition);
      m = replaceWhen == null ? m.whenMatched().updateAll() : m.whenMatched(replaceWhen).updateAll();
      m.whenNotMatched().insertAll().execute();
      return null;
    });
  }

  private static final int MAX_ATTEMPTS = 5;
  private static final java.time.Duration FIRST_BACKOFF = java.time.Duration.ofSeconds(1);
}
