package io.iotlakehouse.streaming.transform.gold;

import static io.iotlakehouse.streaming.transform.gold.GoldColumns.exactAvg;
import static io.iotlakehouse.streaming.transform.gold.GoldColumns.utcDate;
import static io.iotlakehouse.streaming.transform.gold.Lateness.floorTo;
import static io.iotlakehouse.streaming.transform.gold.Lateness.micros;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * {@code sensor_rolling_5m}: 5-minute windows sliding by {@code streaming.gold.rolling-slide}, per device and sensor.
 * Windows are aligned to the epoch like Spark's {@code window()}: an event at t is in every window [start, start + 5m)
 * with start a multiple of the slide and start <= t < start + 5m, i.e. in 5m/slide windows.
 */
public final class RollingWindows {
  private RollingWindows() {}

  /** Starts (micros) of the windows holding each row, as an array column. */
  static Column windowStarts(GoldSettings s) {
    Column last = floorTo(micros("event_time"), s.slideMicros());
    Column first = last.minus(lit((s.windowsPerEvent() - 1) * s.slideMicros()));
    return sequence(first, last, lit(s.slideMicros()));
  }

  /**
   * The windows a batch changes: {@code (device_id, window_start)} of every window that holds a row of the batch that is
   * not late and is still open (ends after the watermark). Closed windows are never recomputed.
   *
   * @param classified batch rows after {@link Lateness#classify}
   * @param watermark the batch's watermark, null when nothing is closed yet
   */
  public static Dataset<Row> affectedWindows(Dataset<Row> classified, Timestamp watermark, GoldSettings s) {
    Dataset<Row> starts = classified.where(col("late").unary_$bang())
        .select(col("device_id"), explode(windowStarts(s)).as("start_us"));
    if (watermark != null) {
      long wm = Lateness.microsOf(watermark);
      starts = starts.where(col("start_us").plus(GoldSettings.WINDOW_MILLIS * 1000).gt(wm));
    }
    return starts.select(col("device_id"), timestamp_micros(col("start_us")).as("window_start")).distinct();
  }

  /**
   * The rows of {@link GoldSchemas#SENSOR_ROLLING_5M} for the given windows, computed from silver rows.
   *
   * @param silver silver rows holding (at least) every row of those windows' devices and time ranges
   * @param windows {@code (device_id, window_start)} to compute; windows without a silver row give no row
   */
  public static Dataset<Row> compute(Dataset<Row> silver, Dataset<Row> windows, GoldSettings s) {
    Dataset<Row> keys = windows.select(col("device_id").as("k_device_id"), unix_micros(col("window_start")).as("k_start_us"));
    Dataset<Row> rows = silver.withColumn("start_us", explode(windowStarts(s)))
        .join(broadcast(keys), col("device_id").equalTo(col("k_device_id")).and(col("start_us").equalTo(col("k_start_us"))),
            "left_semi");
    // per window, from the rows (a turbofan row holds 14 readings): the site of the window's latest event (a device
    // moved between sites mid-window takes its new site). Strings need Spark's sort aggregation; the readings below
    // have only fixed-width buffers and keep its hash aggregation.
    Dataset<Row> attributes = rows.groupBy(col("device_id"), col("start_us"))
        .agg(max("kind").as("kind"), max_by(col("site"), struct(col("event_time"), col("seq"))).as("site"));
    Dataset<Row> stats = GoldSensors.longFormat(rows, "device_id", "start_us")
        .groupBy(col("device_id"), col("sensor"), col("start_us"))
        .agg(exactAvg(col("value")).as("avg"), min("value").as("min"), max("value").as("max"), count("value").as("count"));
    return stats.join(attributes, JavaConverters.asScalaBuffer(List.of("device_id", "start_us")).toSeq())
        .select(col("device_id"), col("kind"), col("site"), col("sensor"),
            timestamp_micros(col("start_us")).as("window_start"),
            timestamp_micros(col("start_us").plus(GoldSettings.WINDOW_MILLIS * 1000)).as("window_end"),
            col("avg"), col("min"), col("max"), col("count"), utcDate(col("start_us")).as("window_date"));
  }

  /** Every window of every silver row (a full recomputation; the reference for tests and rebuilds). */
  public static Dataset<Row> all(Dataset<Row> silver, GoldSettings s) {
    Dataset<Row> windows = silver.select(col("device_id"), explode(windowStarts(s)).as("start_us"))
        .select(col("device_id"), timestamp_micros(col("start_us")).as("window_start")).distinct();
    return compute(silver, windows, s);
  }

  /** Column names of the key, for MERGE. */
  public static final java.util.List<String> KEY = Arrays.asList("device_id", "sensor", "window_start");
}
