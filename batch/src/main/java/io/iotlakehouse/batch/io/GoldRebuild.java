package io.iotlakehouse.batch.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;

import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.transform.gold.FleetKpis;
import io.iotlakehouse.streaming.transform.gold.GoldSettings;
import io.iotlakehouse.streaming.transform.gold.RollingWindows;
import io.iotlakehouse.streaming.transform.gold.TurbofanHealth;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Recomputes the gold tables for an event-time span from silver as it is now and replaces them, one transaction per
 * table, with gold's own transforms: what a gold job started on a new checkpoint would compute for that span. Used after
 * a backfill replaced silver rows: the gold stream reads silver with {@code skipChangeCommits}, so it does not see the
 * replacement.
 *
 * <ul>
 *   <li>{@code sensor_rolling_5m}: every window that can hold an event of the span;</li>
 *   <li>{@code fleet_kpis_hourly}: every hour of the span, and the hour after it (a truck's previous fix);</li>
 *   <li>{@code turbofan_health} / {@code asset_health}: every cycle of the given turbofans.</li>
 * </ul>
 *
 * Unlike the stream, the recomputation includes silver rows the stream had judged late ({@code late_events}): the
 * rebuilt span has all its data. The stream's open windows are minutes old, so a backfill of closed days never writes
 * a key the stream is writing; when they do touch the same files, the losing MERGE or replace is retried.
 */
public final class GoldRebuild {
  private final SparkSession spark;
  private final String silver;
  private final GoldTables gold;
  private final GoldSettings settings;
  private final DeltaReplace replace;

  public GoldRebuild(SparkSession spark, String silver, GoldTables gold, GoldSettings settings, DeltaReplace replace) {
    this.spark = spark;
    this.silver = silver;
    this.gold = gold;
    this.settings = settings;
    this.replace = replace;
  }

  /** Rows written per table. */
  public record Result(long windows, long hours, long healthRows) {}

  /**
   * @param from first event time of the span
   * @param to last event time of the span (inclusive)
   * @param turbofans the turbofans whose cycles to recompute
   */
  public Result rebuild(Instant from, Instant to, List<String> turbofans, String userMetadata) {
    gold.ensure(spark, settings); // refuses a slide or health window other than the tables were computed with
    Dataset<Row> rows = spark.read().format("delta").load(silver);
    long slideMs = settings.slideMillis();
    long first = floor(from.toEpochMilli(), slideMs) - (settings.windowsPerEvent() - 1) * slideMs;
    long last = floor(to.toEpochMilli(), slideMs);
    Dataset<Row> windows = RollingWindows.all(slice(rows, first, last + GoldSettings.WINDOW_MILLIS), settings)
        .where(col("window_start").between(lit(new Timestamp(first)), lit(new Timestamp(last))))
        .persist();
    long hourFirst = floor(from.toEpochMilli(), GoldSettings.HOUR_MILLIS);
    long hourLast = floor(to.toEpochMilli(), GoldSettings.HOUR_MILLIS) + GoldSettings.HOUR_MILLIS;
    Dataset<Row> hours = spark.range(1).select(explode(sequence(lit(new Timestamp(hourFirst)), lit(new Timestamp(hourLast)),
        functions.expr("INTERVAL 1 HOUR"))).as("hour"));
    Dataset<Row> kpis = FleetKpis.compute(
        slice(rows, hourFirst - GoldSettings.MAX_SEGMENT_GAP_MILLIS, hourLast + GoldSettings.HOUR_MILLIS), hours).persist();
    try {
      replace.replace(gold.rolling(), windows, "window_date >= DATE '" + date(first) + "' AND window_date <= DATE '"
          + date(last) + "' AND window_start >= " + ts(first) + " AND window_start <= " + ts(last), userMetadata);
      replace.replace(gold.fleetKpis(), kpis, "hour >= " + ts(hourFirst) + " AND hour <= " + ts(hourLast), userMetadata);
      long health = 0;
      if (!turbofans.isEmpty()) {
        String ids = "device_id IN (" + turbofans.stream().map(id -> "'" + id.replace("'", "''") + "'")
            .collect(Collectors.joining(", ")) + ")";
        Dataset<Row> h = TurbofanHealth.all(rows.where(col("kind").equalTo("turbofan")
            .and(col("device_id").isin(turbofans.toArray()))), settings.healthWindow()).persist();
        try {
          replace.replace(gold.turbofanHealth(), h, ids, userMetadata);
          replace.replace(gold.assetHealth(), TurbofanHealth.latest(h), ids, userMetadata);
          health = h.count();
        } finally {
          h.unpersist(false);
        }
      }
      return new Result(windows.count(), kpis.count(), health);
    } finally {
      windows.unpersist(false);
      kpis.unpersist(false);
    }
  }

  /** Silver rows with event_time in [fromMs, toMs), with literal event_date bounds (a day of margin) for pruning. */
  private static Dataset<Row> slice(Dataset<Row> silver, long fromMs, long toMs) {
    return silver.where(col("event_date").between(lit(java.sql.Date.valueOf(date(fromMs - 86_400_000L))),
            lit(java.sql.Date.valueOf(date(toMs + 86_400_000L))))
        .and(col("event_time").geq(lit(new Timestamp(fromMs)))).and(col("event_time").lt(lit(new Timestamp(toMs)))));
  }

  private static long floor(long ms, long period) {
    return Math.floorDiv(ms, period) * period;
  }

  private static java.time.LocalDate date(long ms) {
    return Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** A SQL timestamp literal with its zone (UTC), whatever the session time zone. */
  static String ts(long ms) {
    return "TIMESTAMP '" + Instant.ofEpochMilli(ms) + "'";
  }
}
