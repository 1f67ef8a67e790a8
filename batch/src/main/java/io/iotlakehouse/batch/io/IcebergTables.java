package io.iotlakehouse.batch.io;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;

/** Iceberg table operations the batch jobs need: existence, snapshot summaries, commits with properties, expiry. */
public final class IcebergTables {
  private final SparkSession spark;

  public IcebergTables(SparkSession spark) {
    this.spark = spark;
  }

  public boolean exists(String name) {
    return spark.catalog().tableExists(name);
  }

  public Table load(String name) {
    try {
      return Spark3Util.loadIcebergTable(spark, name);
    } catch (ParseException | NoSuchTableException e) {
      throw new IllegalStateException("cannot load Iceberg table " + name, e);
    }
  }

  /**
   * The value of a snapshot summary property, from the newest snapshot that has it (walking back from the current
   * one: snapshots written by other tools, e.g. a file compaction, do not carry it). Empty when no snapshot has it.
   */
  public Optional<String> summary(String name, String property) {
    Table t = load(name);
    for (Snapshot s = t.currentSnapshot(); s != null; s = s.parentId() == null ? null : t.snapshot(s.parentId())) {
      String v = s.summary().get(property);
      if (v != null) return Optional.of(v);
    }
    return Optional.empty();
  }

  /** Runs Spark writes whose Iceberg commits carry {@code properties} in their snapshot summaries. */
  public static void commitWith(Map<String, String> properties, Runnable writes) {
    CommitMetadata.withCommitProperties(properties, () -> {
      writes.run();
      return null;
    }, RuntimeException.class);
  }

  /**
   * Expires snapshots older than {@code retention} (their unreferenced files are deleted), keeping at least
   * {@code retainLast}. Returns how many snapshots expired.
   */
  public long expire(String name, Duration retention, int retainLast) {
    Table t = load(name);
    int before = size(t.snapshots());
    SparkActions.get(spark).expireSnapshots(t)
        .expireOlderThan(Instant.now().minus(retention).toEpochMilli())
        .retainLast(retainLast)
        .execute();
    t.refresh();
    return before - size(t.snapshots());
  }

  private static int size(Iterable<?> it) {
    int n = 0;
    for (Object ignored : it) n++;
    return n;
  }
}
