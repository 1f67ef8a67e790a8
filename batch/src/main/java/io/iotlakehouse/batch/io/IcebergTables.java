package io.iotlakehouse.batch.io;

import static org.apache.spark.sql.functions.col;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import scala.collection.JavaConverters;

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

  /**
   * Creates an Iceberg table holding {@code rows}, identity-partitioned by {@code partitionBy} (none when empty).
   *
   * @throws IllegalStateException when the table was created meanwhile by someone else
   */
  public static void create(Dataset<Row> rows, String name, List<String> partitionBy) {
    CreateTableWriter<Row> w = rows.writeTo(name).using("iceberg");
    if (!partitionBy.isEmpty()) {
      List<Column> rest = partitionBy.stream().skip(1).map(c -> col(c)).toList();
      w = w.partitionedBy(col(partitionBy.get(0)), JavaConverters.asScalaBuffer(rest).toSeq());
    }
    try {
      w.create();
    } catch (TableAlreadyExistsException e) {
      throw new IllegalStateException("Iceberg table " + name + " was created by someone else meanwhile: run the job again", e);
    }
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
