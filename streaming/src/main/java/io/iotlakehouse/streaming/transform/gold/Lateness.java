package io.iotlakehouse.streaming.transform.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;

import io.iotlakehouse.streaming.GoldKeys;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Gold's event-time bookkeeping: the watermark, and which windows and hours of a silver row are still open.
 *
 * <p>The watermark used for batch N is {@code max(watermark(N-1), maxEventTime(batches < N) - allowedLateness)}: the
 * newest event time gold has seen before the batch, minus the allowed lateness, never moving back (so a window that
 * closed stays closed even if the lateness setting is raised). A 5-minute window or an hour is <b>closed</b> once its
 * end is at or before the watermark; closed windows and hours are never recomputed. A silver row whose windows and
 * hour are all closed is <b>late</b>: it goes to {@code late_events} and changes no gold row. A row with some of them
 * still open counts in the open ones only ({@code partial}).
 */
public final class Lateness {
  private Lateness() {}

  /** Time columns as microseconds since the epoch (what the window arithmetic uses). */
  static Column micros(String timestampColumn) {
    return unix_micros(col(timestampColumn));
  }

  /** A timestamp as microseconds since the epoch. */
  static long microsOf(Timestamp t) {
    return Math.floorDiv(t.getTime(), 1000L) * 1_000_000L + t.getNanos() / 1000;
  }

  /** Start of the period of length {@code periodMicros} (aligned to the epoch) that contains {@code micros}. */
  static Column floorTo(Column micros, long periodMicros) {
    return micros.minus(pmod(micros, lit(periodMicros)));
  }

  /**
   * The watermark for the next batch.
   *
   * @param previousWatermark the watermark of the previous batch, null if none yet
   * @param maxEventTime the max event_time of all batches so far, null if none had rows
   * @return null while no event has been seen (nothing is closed)
   */
  public static Timestamp next(Timestamp previousWatermark, Timestamp maxEventTime, long latenessMillis) {
    Timestamp fromEvents = maxEventTime == null ? null : micros(maxEventTime, -latenessMillis * 1000);
    if (previousWatermark == null) return fromEvents;
    if (fromEvents == null) return previousWatermark;
    return fromEvents.after(previousWatermark) ? fromEvents : previousWatermark;
  }

  private static Timestamp micros(Timestamp t, long plusMicros) {
    Instant i = t.toInstant().plusNanos(plusMicros * 1000);
    return Timestamp.from(i);
  }

  /**
   * Adds {@code first_window_end}, {@code last_window_end} (the ends of the earliest and latest 5-minute window holding
   * the row), {@code hour_end}, {@code late} and {@code partial} to silver rows (needs {@code event_time}).
   *
   * @param watermark the batch's watermark, null when nothing is closed yet
   */
  public static Dataset<Row> classify(Dataset<Row> rows, Timestamp watermark, GoldSettings s) {
    Column t = micros("event_time");
    Column lastStart = floorTo(t, s.slideMicros());
    Dataset<Row> out = rows
        .withColumn("first_window_end", timestamp_micros(lastStart.plus(s.slideMicros())))
        .withColumn("last_window_end", timestamp_micros(lastStart.plus(GoldSettings.WINDOW_MILLIS * 1000)))
        .withColumn("hour_end", timestamp_micros(floorTo(t, GoldSettings.HOUR_MILLIS * 1000).plus(GoldSettings.HOUR_MILLIS * 1000)));
    if (watermark == null) {
      return out.withColumn("late", lit(false)).withColumn("partial", lit(false));
    }
    Column wm = lit(watermark);
    Column late = greatest(col("last_window_end"), col("hour_end")).leq(wm);
    Column partial = late.unary_$bang().and(col("first_window_end").leq(wm).or(col("hour_end").leq(wm)));
    return out.withColumn("late", late).withColumn("partial", partial);
  }

  /** {@code late_events} rows ({@link GoldSchemas#LATE_EVENTS}) of classified rows. */
  public static Dataset<Row> lateEvents(Dataset<Row> classified, long batchId, Timestamp watermark, Timestamp maxEventTime,
      long latenessMillis, String generation) {
    Column reason = concat(
        lit("every 5-minute window of the event (the last ends "), date_format(col("last_window_end"), ISO),
        lit(") and its hour (ends "), date_format(col("hour_end"), ISO),
        lit(") had closed: gold's watermark for batch " + batchId + " is " + iso(watermark) + " (newest event_time of "
            + "earlier batches " + (maxEventTime == null ? "n/a" : iso(maxEventTime)) + " minus "
            + GoldKeys.ALLOWED_LATENESS.name() + " " + describe(latenessMillis)
            + ", never moving back). Kept here, counted in gold/_progress, not in any gold table"));
    return classified.where(col("late")).select(
        col("device_id"), col("seq"), col("event_time"), col("kind"), col("site"),
        lit(batchId).as("batch_id"), lit(watermark).cast(DataTypes.TimestampType).as("watermark"), reason.as("reason"),
        lit(generation).as("checkpoint_generation"));
  }

  /** A duration the way config values are written: 10m, 90s, 2h, 500ms. */
  public static String describe(long millis) {
    if (millis != 0 && millis % 3_600_000L == 0) return millis / 3_600_000L + "h";
    if (millis != 0 && millis % 60_000L == 0) return millis / 60_000L + "m";
    if (millis % 1000L == 0) return millis / 1000L + "s";
    return millis + "ms";
  }

  private static final String ISO = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

  private static String iso(Timestamp t) {
    return t == null ? "none" : t.toInstant().toString();
  }
}
