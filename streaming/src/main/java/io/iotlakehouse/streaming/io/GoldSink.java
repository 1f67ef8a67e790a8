package io.iotlakehouse.streaming.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.iotlakehouse.streaming.transform.gold.FleetKpis;
import io.iotlakehouse.streaming.transform.gold.GoldSettings;
import io.iotlakehouse.streaming.transform.gold.Lateness;
import io.iotlakehouse.streaming.transform.gold.RollingWindows;
import io.iotlakehouse.streaming.transform.gold.TurbofanHealth;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gold job's foreachBatch: recompute-and-replace, exactly once.
 *
 * <ol>
 *   <li>The batch's silver version: the offset log says where the batch ends; silver is read at that version, so a
 *       recomputation sees exactly the silver rows of this batch and earlier ones (never rows a later batch will judge),
 *       on the first run and on a replay alike.</li>
 *   <li>The watermark: from {@code _progress}'s row of the previous batch ({@link Lateness#next}).</li>
 *   <li>Late rows (every window and the hour closed) are appended to {@code late_events}, exactly once
 *       (txnAppId/txnVersion).</li>
 *   <li>The keys the batch's other rows touch (open windows, open hours, turbofan cycles) are recomputed from silver at
 *       that version, minus this generation's late rows, and MERGEd (replace) into the gold tables. Recomputing from
 *       silver makes the MERGE idempotent: a replay writes the same values again.</li>
 *   <li>{@code _progress} gets the batch's row, exactly once.</li>
 * </ol>
 */
public final class GoldSink implements VoidFunction2<Dataset<Row>, Long> {
  private static final Logger LOG = LoggerFactory.getLogger(GoldSink.class);
  /** Device id lists up to this size are also pushed to the silver scan (file skipping on device_id statistics). */
  private static final int MAX_DEVICE_FILTER = 1000;
  private static final long DAY_MS = 86_400_000L;

  private final String name;
  private final String silver;
  private final GoldTables tables;
  private final String checkpoint;
  private final String generation;
  private final String appId;
  private final GoldSettings settings;

  public GoldSink(String name, String silver, GoldTables tables, String checkpoint, String generation, GoldSettings settings) {
    this.name = name;
    this.silver = silver;
    this.tables = tables;
    this.checkpoint = checkpoint;
    this.generation = generation;
    this.appId = name + "-" + generation;
    this.settings = settings;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    SparkSession spark = batch.sparkSession();
    DeltaSourceOffsets.End end = DeltaSourceOffsets.end(spark.sparkContext().hadoopConfiguration(), checkpoint, batchId);
    if (!end.onCommitBoundary()) {
      LOG.warn("{} batch {} ends inside silver version {} (index {}): recomputing from that whole version, which may hold "
          + "rows of the next batch too. The gold job reads silver without a file limit so this should not happen.",
          name, batchId, end.reservoirVersion(), end.index());
    }
    long silverVersion = end.snapshotVersion();
    GoldProgress.Before before = GoldProgress.before(spark, tables.progress(), generation, batchId);
    Timestamp watermark = Lateness.next(before.watermark(), before.maxEventTime(), settings.latenessMillis());

    Dataset<Row> classified = Lateness.classify(
            batch.select("device_id", "seq", "event_time", "kind", "site", "cycle"), watermark, settings)
        .persist(StorageLevel.MEMORY_AND_DISK());
    String previousMetadata = spark.conf().getOption(USER_METADATA).getOrElse(() -> null);
    try {
      Row stats = classified.agg(count(lit(1)), sum(when(col("late"), 1L).otherwise(0L)),
          sum(when(col("partial"), 1L).otherwise(0L)), max("event_time")).first();
      long rows = stats.getLong(0);
      long late = rows == 0 ? 0 : stats.getLong(1);
      long partial = rows == 0 ? 0 : stats.getLong(2);
      Timestamp batchMax = stats.isNullAt(3) ? null : stats.getTimestamp(3);
      Timestamp maxEventTime = later(before.maxEventTime(), batchMax);
      spark.conf().set(USER_METADATA, "{\"batch\":" + batchId + ",\"silver_version\":" + silverVersion
          + ",\"rows\":" + rows + ",\"late\":" + late + "}");

      new IdempotentDeltaAppend(tables.lateEvents(), appId, Map.of()).call(
          Lateness.lateEvents(classified, batchId, watermark, before.maxEventTime(), settings.latenessMillis(), generation),
          batchId);
      int windows = 0;
      int hours = 0;
      int turbofans = 0;
      if (rows > late) {
        windows = rolling(spark, classified, watermark, silverVersion);
        turbofans = health(spark, classified, silverVersion);
        hours = fleet(spark, classified, watermark, silverVersion);
      }
      GoldProgress.append(spark, tables.progress(), appId, generation, new GoldProgress.Batch(batchId, silverVersion, rows,
          late, partial, batchMax, maxEventTime, watermark, settings.latenessMillis()));
      LOG.info("{} batch {}: {} rows ({} late, {} partial), watermark {}, silver v{}: {} windows, {} hours, {} turbofans "
          + "recomputed", name, batchId, rows, late, partial, watermark, silverVersion, windows, hours, turbofans);
    } finally {
      if (previousMetadata == null) spark.conf().unset(USER_METADATA);
      else spark.conf().set(USER_METADATA, previousMetadata);
      classified.unpersist(false);
    }
  }

  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  /** sensor_rolling_5m: the open windows the batch touches. Returns how many (device, window) pairs. */
  private int rolling(SparkSession spark, Dataset<Row> classified, Timestamp watermark, long version) {
    Dataset<Row> keys = RollingWindows.affectedWindows(classified, watermark, settings).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row b = keys.agg(count(lit(1)), min("window_start"), max("window_start")).first();
      if (b.getLong(0) == 0) return 0;
      Timestamp from = b.getTimestamp(1);
      Timestamp to = new Timestamp(b.getTimestamp(2).getTime() + GoldSettings.WINDOW_MILLIS);
      List<String> devices = deviceFilter(keys);
      Dataset<Row> rows = RollingWindows.compute(silverSlice(spark, version, from, to, devices, null), keys, settings);
      List<Date> dates = dates(from, new Timestamp(to.getTime() - GoldSettings.WINDOW_MILLIS));
      Column target = col("t.window_date").isin(dates.toArray())
          .and(col("t.window_start").between(lit(from), lit(b.getTimestamp(2))));
      DeltaMerge.replace(spark, tables.rolling(), rows, RollingWindows.KEY, target, null);
      return (int) b.getLong(0);
    } finally {
      keys.unpersist(false);
    }
  }

  /** turbofan_health and asset_health: every cycle >= the lowest the batch brings, per turbofan in the batch. */
  private int health(SparkSession spark, Dataset<Row> classified, long version) {
    List<Row> affected = TurbofanHealth.affectedDevices(classified).collectAsList();
    if (affected.isEmpty()) return 0;
    List<String> ids = new ArrayList<>();
    for (Row r : affected) ids.add(r.getString(0));
    Dataset<Row> affectedDs = spark.createDataFrame(affected, TurbofanHealth.affectedDevices(classified).schema());
    Dataset<Row> known = spark.read().format("delta").load(tables.turbofanHealth())
        .where(col("device_id").isin(ids.toArray())).select("device_id", "cycle", "event_time");
    Dataset<Row> ranges = TurbofanHealth.ranges(affectedDs, known, settings.healthWindow()).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> health = null;
    try {
      Row b = ranges.agg(min("from_time"), max("to_time")).first();
      Timestamp from = b.getTimestamp(0);
      Timestamp to = new Timestamp(b.getTimestamp(1).getTime() + 1); // to_time is inclusive
      Dataset<Row> slice = silverSlice(spark, version, from, to, ids.size() <= MAX_DEVICE_FILTER ? ids : null,
          col("kind").equalTo("turbofan"));
      health = TurbofanHealth.compute(slice, ranges, settings.healthWindow()).persist(StorageLevel.MEMORY_AND_DISK());
      Column target = col("t.device_id").isin(ids.toArray());
      DeltaMerge.replace(spark, tables.turbofanHealth(), health, TurbofanHealth.KEY, target, null);
      // the newest cycle replaces a device's asset_health row; an equal cycle too (its features may have been recomputed)
      DeltaMerge.replace(spark, tables.assetHealth(), TurbofanHealth.latest(health), List.of("device_id"), target,
          col("s.cycle").geq(col("t.cycle")));
      return ids.size();
    } finally {
      ranges.unpersist(false);
      if (health != null) health.unpersist(false);
    }
  }

  /** fleet_kpis_hourly: the open hours the batch touches (all sites of each). */
  private int fleet(SparkSession spark, Dataset<Row> classified, Timestamp watermark, long version) {
    List<Row> hourRows = FleetKpis.affectedHours(classified, watermark).collectAsList();
    if (hourRows.isEmpty()) return 0;
    List<Timestamp> hours = new ArrayList<>();
    for (Row r : hourRows) hours.add(r.getTimestamp(0));
    Timestamp first = hours.stream().min(Timestamp::compareTo).orElseThrow();
    Timestamp last = hours.stream().max(Timestamp::compareTo).orElseThrow();
    // hour H needs its own rows and the trucks' fixes of the hour before (their previous fixes)
    Timestamp from = new Timestamp(first.getTime() - GoldSettings.MAX_SEGMENT_GAP_MILLIS);
    Timestamp to = new Timestamp(last.getTime() + GoldSettings.HOUR_MILLIS);
    Dataset<Row> kpis = FleetKpis.compute(silverSlice(spark, version, from, to, null, null),
        spark.createDataFrame(hourRows, FleetKpis.affectedHours(classified, watermark).schema()));
    DeltaMerge.replace(spark, tables.fleetKpis(), kpis, FleetKpis.KEY, col("t.hour").isin(hours.toArray()), null);
    return hours.size();
  }

  /**
   * Silver at {@code version}, event_time in [from, to), minus this generation's late rows. The event_date and
   * event_time predicates are literals so Delta prunes partitions and files; event_date gets a day of margin each side
   * so the pruning holds whatever time zone silver's writer used for it.
   */
  private Dataset<Row> silverSlice(SparkSession spark, long version, Timestamp from, Timestamp to, List<String> devices,
      Column extra) {
    Column time = col("event_time").geq(lit(from)).and(col("event_time").lt(lit(to)));
    Column dates = col("event_date").between(lit(Date.valueOf(utcDate(from.getTime() - DAY_MS))),
        lit(Date.valueOf(utcDate(to.getTime() + DAY_MS))));
    Dataset<Row> s = spark.read().format("delta").option("versionAsOf", version).load(silver).where(dates.and(time));
    Dataset<Row> late = spark.read().format("delta").load(tables.lateEvents())
        .where(col("checkpoint_generation").equalTo(generation).and(time)).select("device_id", "seq");
    if (devices != null) {
      s = s.where(col("device_id").isin(devices.toArray()));
      late = late.where(col("device_id").isin(devices.toArray()));
    }
    if (extra != null) s = s.where(extra);
    return s.join(late, s.col("device_id").equalTo(late.col("device_id")).and(s.col("seq").equalTo(late.col("seq"))),
        "left_anti");
  }

  private static List<String> deviceFilter(Dataset<Row> keys) {
    List<Row> ids = keys.select("device_id").distinct().limit(MAX_DEVICE_FILTER + 1).collectAsList();
    if (ids.size() > MAX_DEVICE_FILTER) return null;
    List<String> out = new ArrayList<>();
    for (Row r : ids) out.add(r.getString(0));
    return out;
  }

  private static List<Date> dates(Timestamp from, Timestamp to) {
    List<Date> out = new ArrayList<>();
    for (LocalDate d = utcDate(from.getTime()); !d.isAfter(utcDate(to.getTime())); d = d.plusDays(1)) out.add(Date.valueOf(d));
    return out;
  }

  private static LocalDate utcDate(long millis) {
    return java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static Timestamp later(Timestamp a, Timestamp b) {
    if (a == null) return b;
    if (b == null) return a;
    return b.after(a) ? b : a;
  }
}
