package io.iotlakehouse.streaming.io;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.iotlakehouse.common.error.LakehouseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Delta tables with their declared schema, partitioning and properties before any stream writes. */
public final class DeltaTables {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaTables.class);
  private DeltaTables() {}

  /** How long a `_delta_log` folder may stay without a commit before it counts as abandoned by a writer that died. */
  private static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);
  private static final Pattern COMMIT_OR_CHECKPOINT = Pattern.compile("\\d{20}\\.(json|checkpoint.*\\.parquet)");

  /**
   * Creates the table, or, when it exists, adds the declared columns it lacks (a table written by an older release
   * gains the new release's nullable columns; its rows read null there). Jobs starting together may create the same
   * table at once (bronze and silver create bronze, silver and gold silver): the loser of that race
   * (ProtocolChangedException, "multiple writers are writing to an empty directory") finds the table and goes on.
   *
   * <p>A `_delta_log` folder without a commit is another writer's table in the making (Delta makes the folder, then
   * writes commit 0), and Delta counts it as an existing table: createIfNotExists does nothing and the table is then
   * "not found". So this waits for that commit, and removes the folder when none comes within {@link #ABANDONED_AFTER}
   * (its writer died in between: a kill, a full disk), else the table could never be created.
   */
  public static void ensure(SparkSession spark, String path, StructType schema, String[] partitionBy, Map<String, String> props) {
    ensure(spark, path, schema, partitionBy, props, ABANDONED_AFTER);
  }

  static void ensure(SparkSession spark, String path, StructType schema, String[] partitionBy, Map<String, String> props,
      Duration abandonedAfter) {
    for (int attempt = 1; ; attempt++) {
      awaitFirstCommitOrRemove(spark, path, abandonedAfter);
      try {
        DeltaConflicts.retry("creating Delta table " + path, 5, Duration.ofMillis(500), () -> {
          if (DeltaTable.isDeltaTable(spark, path)) {
            addMissingColumns(spark, path, schema);
            return null;
          }
          DeltaTableBuilder b = DeltaTable.createIfNotExists(spark).location(path).addColumns(schema);
          if (partitionBy.length > 0) b = b.partitionedBy(partitionBy);
          for (Map.Entry<String, String> e : props.entrySet()) b = b.property(e.getKey(), e.getValue());
          b.execute();
          return null;
        });
        return;
      } catch (RuntimeException e) {
        // another writer made the folder between isDeltaTable and createIfNotExists: wait for its commit and look again
        if (attempt >= 3 || !(e instanceof SparkThrowable t && "DELTA_TABLE_NOT_FOUND".equals(t.getErrorClass()))) throw e;
      }
    }
  }

  private static void awaitFirstCommitOrRemove(SparkSession spark, String path, Duration abandonedAfter) {
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long deadline = System.nanoTime() + abandonedAfter.toNanos();
      while (fs.exists(log)) {
        for (FileStatus f : fs.listStatus(log)) {
          if (COMMIT_OR_CHECKPOINT.matcher(f.getPath().getName()).matches()) return;
        }
        if (System.nanoTime() > deadline) {
          LOG.warn("{} has no commit {} s after it was first seen: a writer died while creating the table; removing it",
              log, abandonedAfter.toSeconds());
          fs.delete(log, true);
          return;
        }
        Thread.sleep(250);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the first commit of " + path, e);
    }
  }

  private static void addMissingColumns(SparkSession spark, String path, StructType declared) {
    Set<String> existing = Set.of(spark.read().format("delta").load(path).schema().fieldNames());
    StringBuilder add = new StringBuilder();
    for (StructField f : declared.fields()) {
      if (existing.contains(f.name())) continue;
      if (!f.nullable()) {
        throw new LakehouseException("Delta table " + path + " lacks the required column " + f.name(),
            "this release writes " + f.name() + " as NOT NULL, and rows already in the table cannot have a value for it",
            "migrate the table (add the column with a default and backfill it), or point the job at a new table");
      }
      if (add.length() > 0) add.append(", ");
      add.append('`').append(f.name()).append("` ").append(f.dataType().sql());
      f.getComment().foreach(c -> add.append(" COMMENT '").append(c.replace("'", "\\'")).append('\''));
    }
    if (add.length() > 0) {
      spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` ADD COLUMNS (" + add + ")");
    }
  }
}
