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
  /** The state after the last batch this sink wrote (a new sink, e.g. after a restart, reads it from _progress). */
  private transient long cachedBatch = -1;
  private transient GoldProgress.Before cachedAfter;
  /** Session settings the user set before the first batch: {@link #sessionDefaults} leaves them alone. */
  private transient java.util.Set<String> userConf;

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
    long started = System.nanoTime();
    DeltaSourceOffsets.End end = DeltaSourceOffsets.end(spark.sparkContext().hadoopConfiguration(), checkpoint, batchId);
    if (!end.onCommitBoundary()) {
      LOG.warn("{} batch {} ends inside silver version {} (index {}): recomputing from that whole version, which may hold "
          + "rows of the next batch too. The gold job reads silver without a file limit so this should not happen.",
          name, batchId, end.reservoirVersion(), end.index());
    }
    long silverVersion = end.snapshotVersion();
    sessionDefaults(spark);
    GoldProgress.Before before = cachedBatch == batchId - 1 && cachedAfter != null
        ? cachedAfter : GoldProgress.before(spark, tables.progress(), generation, batchId);
    Timestamp watermark = Lateness.next(before.watermark(), before.maxEventTime(), settings.latenessMillis());

    Dataset<Row> classified = Lateness.classify(
            batch.select("device_id", "seq", "event_time", "kind", "site", "cycle"), watermark, settings)
        .persist(StorageLevel.MEMORY_AND_DISK());
    String previousMetadata = spark.conf().getOption(USER_METADATA).getOrElse(() -> null);
    try {
      describe(spark, batchId, "classify");
      Row stats = classified.agg(count(lit(1)), sum(when(col("late"), 1L).otherwise(0L)),
          sum(when(col("partial"), 1L).otherwise(0L)), max("event_time")).first();
      long rows = stats.getLong(0);
      long late = rows == 0 ? 0 : stats.getLong(1);
      long partial = rows == 0 ? 0 : stats.getLong(2);
      Timestamp batchMax = stats.isNullAt(3) ? null : stats.getTimestamp(3);
      Timestamp maxEventTime = later(before.maxEventTime(), batchMax);
      if (rows >= CODEGEN_MIN_ROWS) codegen(spark, true);
      spark.conf().set(USER_METADATA, "{\"batch\":" + batchId + ",\"silver_version\":" + silverVersion
          + ",\"rows\":" + rows + ",\"late\":" + late + "}");

      new IdempotentDeltaAppend(tables.lateEvents(), appId, Map.of()).call(
          Lateness.lateEvents(classified, batchId, watermark, before.maxEventTime(), settings.latenessMillis(), generation),
          batchId);
      long classifiedAt = System.nanoTime();
      int windows = 0;
      int hours = 0;
      int turbofans = 0;
      long[] phase = new long[3];
      long lateTotal = before.lateRowsTotal() + late;
      if (rows > late) {
        // with no late row in this generation yet there is nothing to subtract from silver
        Source source = new Source(spark, silverVersion, lateTotal > 0);
        long t = System.nanoTime();
        describe(spark, batchId, "sensor_rolling_5m");
        windows = rolling(spark, classified, watermark, source);
        phase[0] = System.nanoTime() - t;
        t = System.nanoTime();
        describe(spark, batchId, "turbofan_health, asset_health");
        turbofans = health(spark, classified, source);
        phase[1] = System.nanoTime() - t;
        t = System.nanoTime();
        describe(spark, batchId, "fleet_kpis_hourly");
        hours = fleet(spark, classified, watermark, source);
        phase[2] = System.nanoTime() - t;
      }
      GoldProgress.Batch done = new GoldProgress.Batch(batchId, silverVersion, rows, late, lateTotal, partial, batchMax,
          maxEventTime, watermark, settings.latenessMillis());
      describe(spark, batchId, "_progress");
      GoldProgress.append(spark, tables.progress(), appId, generation, done);
      cachedBatch = batchId;
      cachedAfter = done.after();
      LOG.info("{} batch {}: {} rows ({} late, {} partial), watermark {}, silver v{}: {} windows, {} turbofans, {} hours "
          + "recomputed in {} ms (classify + late_events {}, rolling {}, health {}, fleet {})", name, batchId, rows, late,
          partial, watermark, silverVersion, windows, turbofans, hours, ms(System.nanoTime() - started),
          ms(classifiedAt - started), ms(phase[0]), ms(phase[1]), ms(phase[2]));
    } finally {
      if (previousMetadata == null) spark.conf().unset(USER_METADATA);
      else spark.conf().set(USER_METADATA, previousMetadata);
      classified.unpersist(false);
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** Names the Spark jobs of a phase (Spark UI, listeners). */
  private void describe(SparkSession spark, long batchId, String phase) {
    spark.sparkContext().setJobDescription(name + " batch " + batchId + ": " + phase);
  }

  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  /**
   * Settings for the gold query's own session (Spark gives each streaming query a copy of the session it was started
   * from), applied unless the session set them before the first batch. A gold batch runs some 60 small Spark jobs:
   * <ul>
   *   <li>Delta rebuilds a table's state with a Spark job after each commit; 50 partitions (its default) for tables of a
   *       few files made those jobs the largest part of a batch: one per core instead.</li>
   *   <li>Code generation per batch size: every batch has new time bounds, and Spark writes literals into generated
   *       code, so each batch compiles ~320 new classes (measured: 45-50 s per small test batch on a busy 2-core machine,
   *       18-20 s interpreted). Batches under {@link #CODEGEN_MIN_ROWS} rows run interpreted; larger ones (a backlog
   *       after downtime, a first run) compile, which pays for itself there.</li>
   *   <li>MERGE sources are deterministic (silver at a fixed version), so Delta need not materialize them first.</li>
   * </ul>
   */
  private void sessionDefaults(SparkSession spark) {
    if (userConf == null) {
      userConf = new java.util.HashSet<>();
      scala.collection.immutable.Map<String, String> set = spark.conf().getAll(); // explicitly set only, no defaults
      for (String k : List.of(SparkSessions.SNAPSHOT_PARTITIONS, WHOLE_STAGE, FACTORY_MODE, MATERIALIZE_SOURCE)) {
        if (set.contains(k)) userConf.add(k);
      }
    }
    setDefault(spark, SparkSessions.SNAPSHOT_PARTITIONS, Integer.toString(Math.max(1, spark.sparkContext().defaultParallelism())));
    setDefault(spark, MATERIALIZE_SOURCE, "none");
    codegen(spark, false);
  }

  /** Code generation on (FALLBACK: interpreted where compiling fails) or off, unless the user's session decides. */
  private void codegen(SparkSession spark, boolean on) {
    setDefault(spark, WHOLE_STAGE, Boolean.toString(on));
    setDefault(spark, FACTORY_MODE, on ? "FALLBACK" : "NO_CODEGEN");
  }

  private void setDefault(SparkSession spark, String key, String value) {
    if (!userConf.contains(key)) spark.conf().set(key, value);
  }

  /** Batches of at least this many rows run with code generation (see {@link #sessionDefaults}). */
  static final long CODEGEN_MIN_ROWS = 50_000;
  private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  private static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  private static final String MATERIALIZE_SOURCE = "spark.databricks.delta.merge.materializeSource";

  /** sensor_rolling_5m: the open windows the batch touches. Returns how many (device, window) pairs. */
  private int rolling(SparkSession spark, Dataset<Row> classified, Timestamp watermark, Source source) {
    Dataset<Row> keys = RollingWindows.affectedWindows(classified, watermark, settings).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // per device: its first and last window start (one small collect gives the read range and the device list)
      List<Row> perDevice = keys.groupBy("device_id")
          .agg(count(lit(1)), min("window_start"), max("window_start")).collectAsList();
      if (perDevice.isEmpty()) return 0;
      long n = 0;
      Timestamp first = null;
      Timestamp last = null;
      List<String> devices = new ArrayList<>();
      for (Row r : perDevice) {
        devices.add(r.getString(0));
        n += r.getLong(1);
        first = first == null || r.getTimestamp(2).before(first) ? r.getTimestamp(2) : first;
        last = last == null || r.getTimestamp(3).after(last) ? r.getTimestamp(3) : last;
      }
      Timestamp to = new Timestamp(last.getTime() + GoldSettings.WINDOW_MILLIS);
      Dataset<Row> rows = RollingWindows.compute(
          source.slice(first, to, devices.size() <= MAX_DEVICE_FILTER ? devices : null, null), keys, settings);
      Column target = col("t.window_date").isin(dates(first, last).toArray())
          .and(col("t.window_start").between(lit(first), lit(last)));
      DeltaMerge.replace(spark, tables.rolling(), rows, RollingWindows.KEY, target, null);
      return (int) n;
    } finally {
      keys.unpersist(false);
    }
  }

  /** turbofan_health and asset_health: every cycle >= the lowest the batch brings, per turbofan in the batch. */
  private int health(SparkSession spark, Dataset<Row> classified, Source source) {
    Dataset<Row> affectedDs = TurbofanHealth.affectedDevices(classified);
    List<Row> affected = affectedDs.collectAsList();
    if (affected.isEmpty()) return 0;
    List<String> ids = new ArrayList<>();
    for (Row r : affected) ids.add(r.getString(0));
    Dataset<Row> known = spark.read().format("delta").load(tables.turbofanHealth())
        .where(col("device_id").isin(ids.toArray())).select("device_id", "cycle", "event_time");
    // one row per turbofan of the batch: collected, so the ranges are computed once
    List<Row> rangeRows = TurbofanHealth.ranges(spark.createDataFrame(affected, affectedDs.schema()), known,
        settings.healthWindow()).collectAsList();
    Timestamp from = null;
    Timestamp to = null;
    for (Row r : rangeRows) {
      Timestamp f = r.getAs("from_time");
      Timestamp t = r.getAs("to_time");
      from = from == null || f.before(from) ? f : from;
      to = to == null || t.after(to) ? t : to;
    }
    Dataset<Row> ranges = spark.createDataFrame(rangeRows, rangeRows.get(0).schema());
    Dataset<Row> slice = source.slice(from, new Timestamp(to.getTime() + 1), // to_time is inclusive
        ids.size() <= MAX_DEVICE_FILTER ? ids : null, col("kind").equalTo("turbofan"));
    Dataset<Row> health = TurbofanHealth.compute(slice, ranges, settings.healthWindow()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column target = col("t.device_id").isin(ids.toArray());
      DeltaMerge.replace(spark, tables.turbofanHealth(), health, TurbofanHealth.KEY, target, null);
      // the newest cycle replaces a device's asset_health row; an equal cycle too (its features may have been recomputed)
      DeltaMerge.replace(spark, tables.assetHealth(), TurbofanHealth.latest(health), List.of("device_id"), target,
          col("s.cycle").geq(col("t.cycle")));
      return ids.size();
    } finally {
      health.unpersist(false);
    }
  }

  /** fleet_kpis_hourly: the open hours the batch touches (all sites of each). */
  private int fleet(SparkSession spark, Dataset<Row> classified, Timestamp watermark, Source source) {
    Dataset<Row> affected = FleetKpis.affectedHours(classified, watermark);
    List<Row> hourRows = affected.collectAsList();
    if (hourRows.isEmpty()) return 0;
    List<Timestamp> hours = new ArrayList<>();
    for (Row r : hourRows) hours.add(r.getTimestamp(0));
    Timestamp first = hours.stream().min(Timestamp::compareTo).orElseThrow();
    Timestamp last = hours.stream().max(Timestamp::compareTo).orElseThrow();
    // hour H needs its own rows and the trucks' fixes of the hour before (their previous fixes)
    Timestamp from = new Timestamp(first.getTime() - GoldSettings.MAX_SEGMENT_GAP_MILLIS);
    Timestamp to = new Timestamp(last.getTime() + GoldSettings.HOUR_MILLIS);
    Dataset<Row> kpis = FleetKpis.compute(source.slice(from, to, null, null),
        spark.createDataFrame(hourRows, affected.schema()));
    DeltaMerge.replace(spark, tables.fleetKpis(), kpis, FleetKpis.KEY, col("t.hour").isin(hours.toArray()), null);
    return hours.size();
  }

  /** What a batch recomputes from: silver at the batch's version, minus this generation's late rows. */
  private final class Source {
    private final SparkSession spark;
    private final long version;
    private final boolean subtractLate;

    Source(SparkSession spark, long version, boolean subtractLate) {
      this.spark = spark;
      this.version = version;
      this.subtractLate = subtractLate;
    }

    /**
     * Silver rows with event_time in [from, to) (and of {@code devices} when not null). The event_date and event_time
     * predicates are literals so Delta prunes partitions and files; event_date gets a day of margin each side so the
     * pruning holds whatever time zone silver's writer used for it.
     */
    Dataset<Row> slice(Timestamp from, Timestamp to, List<String> devices, Column extra) {
      Column time = col("event_time").geq(lit(from)).and(col("event_time").lt(lit(to)));
      Column dates = col("event_date").between(lit(Date.valueOf(utcDate(from.getTime() - DAY_MS))),
          lit(Date.valueOf(utcDate(to.getTime() + DAY_MS))));
      Dataset<Row> s = spark.read().format("delta").option("versionAsOf", version).load(silver).where(dates.and(time));
      if (devices != null) s = s.where(col("device_id").isin(devices.toArray()));
      if (extra != null) s = s.where(extra);
      if (!subtractLate) return s;
      Dataset<Row> late = spark.read().format("delta").load(tables.lateEvents())
          .where(col("checkpoint_generation").equalTo(generation).and(time)).select("device_id", "seq");
      if (devices != null) late = late.where(col("device_id").isin(devices.toArray()));
      return s.join(late, s.col("device_id").equalTo(late.col("device_id")).and(s.col("seq").equalTo(late.col("seq"))),
          "left_anti");
    }
  }

  private static List<Date> dates(Timestamp from, Timestamp to) {
    List<Date> out = new ArrayList<>();
    for (LocalDate d = utcDate(from.getTime()); !d.isAfter(utcDate(to.getTime())); d = d.plusDays(1)) out.add(Date.valueOf(d));
    return out;
  }

  private static LocalDate utcDate(long millis) {
    return java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static Timestamp later(Timestamp a, Timestamp b) {
    if (a == null) return b;
    if (b == null) return a;
    return b.after(a) ? b : a;
  }
}
