package io.iotlakehouse.batch.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.iotlakehouse.batch.transform.BackfillPlan;
import io.iotlakehouse.streaming.io.DeviceRegistry;
import io.iotlakehouse.streaming.io.ReferenceTables;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import io.iotlakehouse.streaming.transform.silver.SilverSettings;
import io.iotlakehouse.streaming.transform.silver.SilverTransform;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a range of bronze ingest dates through silver's transforms again (today's rules, settings and reference
 * tables) and replaces what silver, quarantine and duplicates hold for that range, one transaction per table, while the
 * silver stream keeps running.
 *
 * <ul>
 *   <li>The range must be fully processed by the silver stream (its checkpoint says so), so the stream never routes
 *       these bronze rows again, and bronze no longer receives rows for it (ingest dates before today).</li>
 *   <li>Dedupe and GPS state: the bronze rows of the lookback days before the range are routed first (results dropped),
 *       as the stream's state had seen them. An event whose first copy lies outside the range and that silver holds
 *       outside it stays a duplicate: no (device_id, seq) is ever in silver twice.</li>
 *   <li>The stream's dedupe state is not touched: every seq of the range has been judged by it already, so later copies
 *       stay duplicates; a range older than late bound + future skew cannot receive an accepted copy at all (see
 *       {@link BackfillPlan}).</li>
 *   <li>Replacement: silver rows whose bronze ingest time is in the range (with literal event_date bounds), quarantine and
 *       duplicates by ingest date. Each commit is a change commit (rows removed), which the gold stream skips
 *       ({@code skipChangeCommits}); {@link GoldRebuild} recomputes gold for the span instead.</li>
 * </ul>
 *
 * Interrupted, it can simply run again: each replacement is complete in itself and computed from bronze.
 */
public final class SilverBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(SilverBackfill.class);

  private final SparkSession spark;
  private final SilverJob.Paths paths;
  private final SilverSettings settings;
  private final DeltaReplace replace;
  private final StreamCoverage coverage;

  public SilverBackfill(SparkSession spark, SilverJob.Paths paths, SilverSettings settings, DeltaReplace replace,
      StreamCoverage coverage) {
    this.spark = spark;
    this.paths = paths;
    this.settings = settings;
    this.replace = replace;
    this.coverage = coverage;
  }

  /**
   * What the backfill did: rows per route before and after, the event-time span of the silver rows it removed or wrote
   * (null when none), and the turbofans among them.
   */
  public record Result(BackfillPlan plan, Map<String, Long> before, Map<String, Long> after, Instant spanFrom,
      Instant spanTo, List<String> turbofans) {}

  public Result run(BackfillPlan plan) {
    Column range = col("ingest_date").between(lit(Date.valueOf(plan.from())), lit(Date.valueOf(plan.to())));
    coverage.require(paths.bronze(), range, "backfill bronze ingest dates " + plan.from() + " .. " + plan.to(),
        SilverJob.QUERY);
    Column inRange = col("ingest_time").geq(lit(Timestamp.from(plan.start()))).and(col("ingest_time").lt(lit(Timestamp.from(plan.end()))));

    Dataset<Row> bronze = spark.read().format("delta").load(paths.bronze())
        .where(col("ingest_date").between(lit(Date.valueOf(plan.lookbackFrom())), lit(Date.valueOf(plan.to()))));
    Dataset<Row> routed = SilverTransform.route(bronze, settings, DeviceRegistry.load(spark, paths.registry()))
        .where(range);
    Dataset<Row> oldSilver = spark.read().format("delta").load(paths.silver()).where(inRange);
    Row oldSpan = oldSilver.agg(min("event_time"), max("event_time")).first();
    List<String> turbofans = new ArrayList<>(
        oldSilver.where(col("kind").equalTo("turbofan")).select("device_id").distinct().as(Encoders.STRING())
            .collectAsList());
    Map<String, Long> before = counts(inRange, range);

    routed = keepSilverUnique(routed, inRange).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      routed.count(); // computed once, before the replacements change silver
      Row newSpan = routed.where(col("route").equalTo(SilverSchemas.ROUTE_SILVER)).agg(min("event_time"), max("event_time")).first();
      Instant spanFrom = earliest(oldSpan.getTimestamp(0), newSpan.getTimestamp(0));
      Instant spanTo = latest(oldSpan.getTimestamp(1), newSpan.getTimestamp(1));
      for (String id : routed.where(col("route").equalTo(SilverSchemas.ROUTE_SILVER).and(col("kind").equalTo("turbofan")))
          .select("device_id").distinct().as(Encoders.STRING()).collectAsList()) {
        if (!turbofans.contains(id)) turbofans.add(id);
      }
      String metadata = "{\"backfill\":\"" + plan.from() + ".." + plan.to() + "\"}";
      String ingestDates = "ingest_date >= DATE '" + plan.from() + "' AND ingest_date <= DATE '" + plan.to() + "'";
      // silver is partitioned by event date: literal bounds on it keep the replacement to the partitions involved
      String silverRange = "ingest_time >= " + GoldRebuild.ts(plan.start().toEpochMilli()) + " AND ingest_time < "
          + GoldRebuild.ts(plan.end().toEpochMilli()) + (spanFrom == null ? "" : " AND event_date >= DATE '" + date(spanFrom)
          + "' AND event_date <= DATE '" + date(spanTo) + "'");
      replace.replace(paths.silver(), SilverTransform.silver(routed, ReferenceTables.load(spark, paths.registry(),
          paths.weather())), silverRange, metadata);
      replace.replace(paths.quarantine(), SilverTransform.quarantine(routed), ingestDates, metadata,
          Map.of("parquet.enable.dictionary#value", "false"));
      replace.replace(paths.duplicates(), SilverTransform.duplicates(routed), ingestDates, metadata);
      Map<String, Long> after = counts(inRange, range);
      LOG.info("backfilled bronze ingest dates {} .. {}: before {}, after {}; silver event times {} .. {}", plan.from(),
          plan.to(), before, after, spanFrom, spanTo);
      return new Result(plan, before, after, spanFrom, spanTo, turbofans);
    } finally {
      routed.unpersist(false);
    }
  }

  /**
   * Re-routes to duplicates the range's silver rows whose (device_id, seq) silver already holds from outside the range
   * (their first copy was ingested before the lookback, or a later copy was accepted after the range). Copies of an
   * event share its event time, so only the event dates of the range's silver rows are read.
   */
  private Dataset<Row> keepSilverUnique(Dataset<Row> routed, Column inRange) {
    Row span = routed.where(col("route").equalTo(SilverSchemas.ROUTE_SILVER)).agg(min("event_time"), max("event_time")).first();
    if (span.isNullAt(0)) return routed;
    Dataset<Row> outside = spark.read().format("delta").load(paths.silver())
        .where(col("event_date").between(lit(Date.valueOf(date(span.getTimestamp(0).toInstant()))),
            lit(Date.valueOf(date(span.getTimestamp(1).toInstant())))).and(inRange.unary_$bang()))
        .select(col("device_id").as("o_device_id"), col("seq").as("o_seq"), lit(true).as("o_seen"));
    Dataset<Row> joined = routed.join(outside, col("device_id").equalTo(col("o_device_id")).and(col("seq").equalTo(col("o_seq"))), "left");
    Column seen = col("o_seen").isNotNull().and(col("route").equalTo(SilverSchemas.ROUTE_SILVER));
    List<Column> cols = new ArrayList<>();
    for (String c : routed.columns()) {
      cols.add(c.equals("route") ? when(seen, lit(SilverSchemas.ROUTE_DUPLICATE)).otherwise(col("route")).as("route") : col(c));
    }
    return joined.select(cols.toArray(Column[]::new));
  }

  /** Rows of the range per table. */
  private Map<String, Long> counts(Column inRange, Column range) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("bronze", spark.read().format("delta").load(paths.bronze()).where(range).count());
    out.put("silver", spark.read().format("delta").load(paths.silver()).where(inRange).count());
    out.put("quarantine", spark.read().format("delta").load(paths.quarantine()).where(range).count());
    out.put("duplicates", spark.read().format("delta").load(paths.duplicates()).where(range).count());
    return out;
  }

  private static LocalDate date(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static Instant earliest(Timestamp a, Timestamp b) {
    if (a == null) return b == null ? null : b.toInstant();
    return b == null || a.before(b) ? a.toInstant() : b.toInstant();
  }

  private static Instant latest(Timestamp a, Timestamp b) {
    if (a == null) return b == null ? null : b.toInstant();
    return b == null || a.after(b) ? a.toInstant() : b.toInstant();
  }
}
