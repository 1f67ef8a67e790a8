package io.iotlakehouse.batch.io;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;

import io.iotlakehouse.batch.transform.SyncPlan;
import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Keeps an Iceberg copy of a Delta table in step, incrementally and idempotently.
 *
 * <p>Each sync reads the Delta table at one version V and commits to Iceberg once, with {@code lakehouse.delta-version =
 * V} in the snapshot summary. The next sync starts from the version recorded there, so a sync that died before its
 * commit is simply redone, and one that committed is not repeated.
 *
 * <p>Changes are found by key, from data files: the gold tables are MERGEd (and a backfill replaces ranges), so new
 * rows are not appends, and their change data feed is off (turning it on is a metadata commit that would fail the gold
 * stream's concurrent MERGE). A key changed between the last synced version L and V exactly when it is in a file of V
 * that L does not have, or in a file of L that V no longer has. Those keys are replaced in Iceberg by their rows at V
 * (MERGE), or deleted when V no longer has them. Cost: the rewritten files only, not the table. It needs the files of L
 * still on storage: VACUUM counts the sync as a reader of L ({@link #lastSynced}).
 */
public final class IcebergSync {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergSync.class);
  /** Snapshot summary property: the Delta version the Iceberg table equals. */
  public static final String DELTA_VERSION = "lakehouse.delta-version";

  private final SparkSession spark;
  private final IcebergTables iceberg;

  public IcebergSync(SparkSession spark) {
    this.spark = spark;
    this.iceberg = new IcebergTables(spark);
  }

  /** One table's sync: the Delta versions it covered (from null on creation), rows changed and rows in Iceberg after. */
  public record Result(String table, Long fromVersion, long toVersion, long changedKeys, long icebergRows) {}

  /**
   * The Delta version the Iceberg table was last synced to: from the newest snapshot summary that records one, or the
   * table property when a later sync found no changed row (it commits no snapshot then). Empty when the table does not
   * exist or records none.
   */
  public Optional<Long> lastSynced(String icebergTable) {
    if (!iceberg.exists(icebergTable)) return Optional.empty();
    Optional<Long> snapshot = iceberg.summary(icebergTable, DELTA_VERSION).map(Long::parseLong);
    String property = iceberg.load(icebergTable).properties().get(DELTA_VERSION);
    if (property == null || snapshot.isEmpty()) return snapshot;
    return Optional.of(Math.max(snapshot.get(), Long.parseLong(property)));
  }

  /**
   * Brings {@code icebergTable} to the Delta table's latest version.
   *
   * @param key the Delta table's key columns (unique per row)
   * @param partitionBy Iceberg identity partition columns (none for an empty list)
   */
  public Result sync(String deltaPath, String icebergTable, List<String> key, List<String> partitionBy) {
    long v = DeltaLogs.latestVersion(spark, deltaPath);
    Dataset<Row> now = delta(deltaPath, v);
    Optional<Long> last = lastSynced(icebergTable);
    if (last.isEmpty()) {
      if (iceberg.exists(icebergTable)) throw notOurs(icebergTable);
      IcebergTables.commitWith(Map.of(DELTA_VERSION, Long.toString(v)),
          () -> IcebergTables.create(now, icebergTable, partitionBy));
      long rows = spark.table(icebergTable).count();
      LOG.info("published {} as {} at Delta version {}: {} rows", deltaPath, icebergTable, v, rows);
      return new Result(icebergTable, null, v, rows, rows);
    }
    long from = last.get();
    if (from > v) {
      throw new LakehouseException("Iceberg table " + icebergTable + " is at Delta version " + from + " but " + deltaPath
          + " is only at version " + v,
          "the Delta table was recreated (its versions started again), so the recorded version means nothing any more",
          "drop the Iceberg table (DROP TABLE " + icebergTable + ") and run the sync again to publish the table afresh");
    }
    if (from == v) return new Result(icebergTable, from, v, 0, spark.table(icebergTable).count());

    SyncPlan.Files files = SyncPlan.diff(DeltaLogs.files(spark, deltaPath, from), DeltaLogs.files(spark, deltaPath, v));
    Dataset<Row> before = delta(deltaPath, from);
    Dataset<Row> added = rowsIn(now, files.added()).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> removed = rowsIn(before, files.removed()).persist(StorageLevel.MEMORY_AND_DISK());
    long changedKeys;
    try {
      // a row in a rewritten file is not necessarily a changed row (OPTIMIZE, or a MERGE rewriting a file to change one
      // of its rows): only rows of the new files that the removed files do not hold, and the other way round
      Column[] keyCols = key.stream().map(c -> col(c)).toArray(Column[]::new);
      Dataset<Row> changed = added.except(removed).select(keyCols).union(removed.except(added).select(keyCols)).distinct()
          .persist(StorageLevel.MEMORY_AND_DISK());
      changedKeys = changed.count();
      if (changedKeys == 0) {
        // nothing to commit; the table property records that Iceberg equals this version too
        iceberg.load(icebergTable).updateProperties().set(DELTA_VERSION, Long.toString(v)).commit();
      } else {
        Seq<String> k = JavaConverters.asScalaBuffer(key).toSeq();
        // replacements: the changed keys' rows at v; deletions: their rows at the last version when v has none
        Dataset<Row> upserts = now.join(changed, k, "left_semi").withColumn("_op", lit("upsert"));
        Dataset<Row> deletes = removed.join(changed, k, "left_semi").join(now.select(keyCols), k, "left_anti")
            .withColumn("_op", lit("delete"));
        String view = "lakehouse_sync_" + Integer.toHexString((icebergTable + v).hashCode());
        upserts.unionByName(deletes).createOrReplaceTempView(view);
        try {
          IcebergTables.commitWith(Map.of(DELTA_VERSION, Long.toString(v)),
              () -> spark.sql(merge(icebergTable, view, key, now.columns())));
        } finally {
          spark.catalog().dropTempView(view);
        }
      }
      changed.unpersist(false);
    } finally {
      added.unpersist(false);
      removed.unpersist(false);
    }
    long rows = spark.table(icebergTable).count();
    LOG.info("synced {} to {}: Delta versions {} -> {}, {} files added and {} removed, {} keys changed, {} rows", deltaPath,
        icebergTable, from, v, files.added().size(), files.removed().size(), changedKeys, rows);
    return new Result(icebergTable, from, v, changedKeys, rows);
  }

  /** Expires the table's old snapshots; returns how many. */
  public long expire(String icebergTable, Duration retention, int retainLast) {
    return iceberg.expire(icebergTable, retention, retainLast);
  }

  private Dataset<Row> delta(String path, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path);
  }

  /** The rows of {@code table} stored in the given files (compared by file name). */
  private Dataset<Row> rowsIn(Dataset<Row> table, List<String> files) {
    List<String> names = new ArrayList<>();
    for (String f : files) names.add(SyncPlan.fileName(f));
    Dataset<Row> wanted = spark.createDataset(names, Encoders.STRING()).toDF("_file");
    Dataset<Row> keys = table.select(col("*"), element_at(split(col("_metadata.file_path"), "/"), -1).as("_file"));
    return keys.join(broadcast(wanted), "_file").select(Arrays.stream(table.columns()).map(c -> col(c)).toArray(Column[]::new));
  }

  static String merge(String target, String view, List<String> key, String[] columns) {
    String on = key.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
    String set = Arrays.stream(columns).map(c -> "t.`" + c + "` = s.`" + c + "`").collect(Collectors.joining(", "));
    String names = Arrays.stream(columns).map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    String values = Arrays.stream(columns).map(c -> "s.`" + c + "`").collect(Collectors.joining(", "));
    return "MERGE INTO " + target + " t USING " + view + " s ON " + on
        + " WHEN MATCHED AND s._op = 'delete' THEN DELETE"
        + " WHEN MATCHED THEN UPDATE SET " + set
        + " WHEN NOT MATCHED AND s._op = 'upsert' THEN INSERT (" + names + ") VALUES (" + values + ")";
  }

  private static LakehouseException notOurs(String table) {
    return new LakehouseException("Iceberg table " + table + " exists but no snapshot records which Delta version it holds",
        "it was not created by the sync (or its history was rewritten), so the sync cannot know what to update",
        "drop it (DROP TABLE " + table + ") to let the sync publish the table afresh, or set batch.iceberg.namespace to "
            + "another namespace");
  }
}
