package io.iotlakehouse.training.retrain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.common.error.LakehouseException;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The gold {@code turbofan_health} table as the retrain job reads it: pinned to one Delta version (time travel makes
 * a run reproducible), only the raw cycle columns (device_id, unit, cycle, event_time, settings, sensors; the
 * table's own rolling columns are not used, features come from the shared feature code), checked before training.
 */
public final class GoldTurbofanTable {
  /** Operational settings and sensors per cycle in the gold contract (C-MAPSS). */
  public static final int SETTINGS = 3;
  public static final int SENSORS = 21;

  private final SparkSession spark;
  private final String path;

  public GoldTurbofanTable(SparkSession spark, String path) {
    this.spark = spark;
    this.path = path;
  }

  public String path() {
    return path;
  }

  /**
   * The newest table version committed before the month after {@code month} began (UTC), i.e. the table as it was at
   * the end of that month; the newest version when the month has not ended yet.
   */
  public long versionAtEndOf(YearMonth month) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw new LakehouseException("No gold turbofan table at " + path, "the path holds no Delta table (no _delta_log)",
          "run the gold job first (./lakehouse gold), or point ml.retrain.gold-table at the gold job's "
              + "turbofan_health table");
    }
    Timestamp end = Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    Row newest = DeltaTable.forPath(spark, path).history().where(col("timestamp").lt(lit(end)))
        .agg(expr("max(version)")).first();
    if (newest.isNullAt(0)) {
      throw new LakehouseException("Gold table " + path + " has no version before " + month.plusMonths(1).atDay(1)
          + " (UTC)", "it was created after the month " + month + " ended, so there is nothing to train that month on",
          "pass the month the data belongs to (--month), or pin a version explicitly (--gold-version)");
    }
    return newest.getLong(0);
  }

  /** The raw cycles at {@code version}, with the Parquet file each row came from, after {@link #check}. */
  public Dataset<Row> read(long version) {
    Dataset<Row> rows;
    try {
      rows = spark.read().format("delta").option("versionAsOf", version).load(path)
          .select(col("device_id"), col("unit"), col("cycle"), col("event_time"), col("settings"), col("sensors"),
              input_file_name().as("source_file"));
    } catch (Exception e) { // Spark throws AnalysisException (checked in Java) without declaring it
      throw new LakehouseException("Cannot read version " + version + " of gold table " + path, e.getMessage(),
          "check the version exists (DESCRIBE HISTORY) and that the table has the gold turbofan_health columns "
              + "device_id, unit, cycle, event_time, settings, sensors", e);
    }
    check(rows, version);
    return rows.drop("source_file");
  }

  private void check(Dataset<Row> rows, long version) {
    if (rows.isEmpty()) {
      throw new LakehouseException("Gold table " + path + " is empty at version " + version,
          "there are no turbofan cycles to train on", "let the turbofan simulators and the gold job run first "
              + "(./lakehouse demo), or pin a later version with data");
    }
    Row bad = rows.where(expr("device_id IS NULL OR unit IS NULL OR cycle IS NULL OR event_time IS NULL"
        + " OR settings IS NULL OR sensors IS NULL OR size(settings) <> " + SETTINGS + " OR size(sensors) <> " + SENSORS
        + " OR exists(settings, x -> x IS NULL OR isnan(x)) OR exists(sensors, x -> x IS NULL OR isnan(x))"))
        .limit(1).collectAsList().stream().findFirst().orElse(null);
    if (bad != null) {
      throw malformed(bad, version, "expected device_id, unit, cycle, event_time set, " + SETTINGS + " settings and "
          + SENSORS + " sensors, all numbers, but got unit=" + bad.get(1) + " settings=" + bad.get(4) + " sensors="
          + bad.get(5));
    }
    Row duplicate = rows.groupBy("device_id", "cycle").agg(count(lit(1)).as("n"), expr("first(source_file)"))
        .where("n > 1").limit(1).collectAsList().stream().findFirst().orElse(null);
    if (duplicate != null) {
      throw new LakehouseException("Gold table " + path + " version " + version + " (file " + duplicate.get(3)
          + "): device " + duplicate.get(0) + " has " + duplicate.get(2) + " rows for cycle " + duplicate.get(1),
          "gold keeps one row per (device_id, cycle); two would give the engine two histories",
          "rebuild the gold table from silver (see streaming/README.md, 'Exactly once')");
    }
  }

  private LakehouseException malformed(Row bad, long version, String why) {
    return new LakehouseException("Malformed row in gold table " + path + " version " + version + ", file "
        + bad.getAs("source_file") + ": device_id=" + bad.get(0) + ", cycle=" + bad.get(2), why,
        "fix or rebuild the gold table (it is recomputed from silver), or pin an earlier version with --gold-version");
  }
}
