package io.iotlakehouse.streaming.transform.gold;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code turbofan_health}: per turbofan and cycle, the 14 informative sensors' rolling mean, population std and
 * least-squares slope per cycle over the device's last k <b>reported</b> cycles (this one and the k-1 before it, as
 * ml-training's {@code WindowStats} does: at the start of a series the window is shorter, and a missing cycle makes the
 * window reach one cycle further back). A window of one cycle has std 0 and slope 0. The slope's x is the cycle number.
 * The statistics are computed by {@link HealthStats} with the two-pass formulas of ml-training's {@code WindowStats},
 * over the window's cycles in cycle order, so a recomputed cycle gets bit-identical values.
 *
 * <p>One silver row per (device_id, cycle) is used: the one with the latest event_time, then the highest seq (an engine
 * replayed or re-sent a cycle: the newest report wins).
 *
 * <p>Recompute ranges: when a batch brings cycle c of a device, every cycle >= c of that device is recomputed (the
 * features of the next k-1 reported cycles and the {@code cycles_so_far} of all later ones change when c is new), from
 * the k-1 reported cycles before c on. Cycles arrive in order almost always, so that is normally just c.
 */
public final class TurbofanHealth {
  private TurbofanHealth() {}

  public static final List<String> KEY = List.of("device_id", "cycle");

  /**
   * Per turbofan in the batch (rows not late): {@code device_id, min_cycle, min_time, max_time}, the lowest cycle the
   * batch brings and the event-time range of its rows.
   */
  public static Dataset<Row> affectedDevices(Dataset<Row> classified) {
    return classified.where(col("late").unary_$bang().and(col("kind").equalTo("turbofan")))
        .groupBy("device_id")
        .agg(min("cycle").as("min_cycle"), min("event_time").as("min_time"), max("event_time").as("max_time"));
  }

  /**
   * What to recompute per device: {@code device_id, input_from} (first cycle to read), {@code output_from} (first cycle
   * to write), {@code base} (cycles the device reported before input_from) and {@code from_time, to_time} (event-time
   * range holding every silver row of cycles >= input_from).
   *
   * @param affected {@link #affectedDevices} of the batch
   * @param health the current {@code turbofan_health} rows (at least device_id, cycle, event_time) of those devices:
   *     every cycle gold accepted before this batch
   */
  public static Dataset<Row> ranges(Dataset<Row> affected, Dataset<Row> health, int k) {
    Dataset<Row> known = health.select(col("device_id").as("h_device_id"), col("cycle").as("h_cycle"),
        col("event_time").as("h_time"));
    Dataset<Row> prior = affected.join(known, col("device_id").equalTo(col("h_device_id"))
            .and(col("h_cycle").lt(col("min_cycle"))), "inner")
        .withColumn("back", row_number().over(Window.partitionBy("device_id").orderBy(desc("h_cycle"))));
    // the k-1 reported cycles before min_cycle are read again (they are in the window of min_cycle)
    Dataset<Row> before = prior.groupBy(col("device_id").as("p_device_id")).agg(
        min(when(col("back").leq(k - 1), col("h_cycle"))).as("p_from"),
        sum(when(col("back").gt(k - 1), lit(1L)).otherwise(lit(0L))).as("p_base"));
    Dataset<Row> withFrom = affected.join(before, col("device_id").equalTo(col("p_device_id")), "left")
        .withColumn("input_from", coalesce(col("p_from"), col("min_cycle")))
        .withColumn("base", coalesce(col("p_base"), lit(0L)));
    Dataset<Row> times = withFrom.join(known, col("device_id").equalTo(col("h_device_id"))
            .and(col("h_cycle").geq(col("input_from"))), "left")
        .groupBy("device_id", "input_from", "min_cycle", "base", "min_time", "max_time")
        .agg(min("h_time").as("h_min"), max("h_time").as("h_max"));
    return times.select(col("device_id"), col("input_from"), col("min_cycle").as("output_from"), col("base"),
        least(col("min_time"), coalesce(col("h_min"), col("min_time"))).as("from_time"),
        greatest(col("max_time"), coalesce(col("h_max"), col("max_time"))).as("to_time"));
  }

  /**
   * Rows of {@link GoldSchemas#TURBOFAN_HEALTH} for each device's cycles >= output_from.
   *
   * @param silver silver rows holding every turbofan row of the ranges' devices and time ranges
   * @param ranges {@link #ranges}; for a full computation {@code (device_id, 1, 1, 0, min time, max time)}
   */
  public static Dataset<Row> compute(Dataset<Row> silver, Dataset<Row> ranges, int k) {
    Dataset<Row> r = ranges.select(col("device_id").as("r_device_id"), col("input_from"), col("output_from"), col("base"),
        col("from_time"), col("to_time"));
    Dataset<Row> rows = silver.where(col("kind").equalTo("turbofan"))
        .join(broadcast(r), col("device_id").equalTo(col("r_device_id"))
            .and(col("cycle").geq(col("input_from")))
            .and(col("event_time").between(col("from_time"), col("to_time"))), "inner")
        .withColumn("report", row_number().over(
            Window.partitionBy("device_id", "cycle").orderBy(desc("event_time"), desc("seq"))))
        .where(col("report").equalTo(1));

    WindowSpec byCycle = Window.partitionBy("device_id").orderBy("cycle");
    WindowSpec w = byCycle.rowsBetween(-(k - 1), Window.currentRow());
    // one window expression (the frame's cycles) and one function computing all 42 statistics from it: 42 window
    // aggregates would make Spark generate and compile a very large projection for every query
    Dataset<Row> framed = rows.withColumn("frame", collect_list(struct(col("cycle"), col("sensors"))).over(w))
        .withColumn("cycles_so_far", col("base").plus(row_number().over(byCycle)).cast(DataTypes.LongType))
        .withColumn("stats", HealthStats.UDF.apply(col("frame")));
    List<Column> out = new ArrayList<>(Arrays.asList(col("device_id"), col("unit"), col("cycle"), col("seq"),
        col("event_time"), col("site"), col("settings"), col("sensors"), col("cycles_so_far"),
        size(col("frame")).as("window_cycles")));
    int i = 0;
    for (int n : GoldSensors.TURBOFAN_HEALTH_SENSORS) {
      out.add(col("stats").getItem(i++).as("s" + n + "_mean"));
      out.add(col("stats").getItem(i++).as("s" + n + "_std"));
      out.add(col("stats").getItem(i++).as("s" + n + "_slope"));
    }
    rows = framed;
    return rows.select(out.toArray(Column[]::new))
        .join(broadcast(r.select(col("r_device_id"), col("output_from"))), col("device_id").equalTo(col("r_device_id")))
        .where(col("cycle").geq(col("output_from")))
        .drop("r_device_id", "output_from");
  }

  /** Every cycle of every turbofan in the given silver rows (a full computation; the reference for tests and rebuilds). */
  public static Dataset<Row> all(Dataset<Row> silver, int k) {
    Dataset<Row> ranges = silver.where(col("kind").equalTo("turbofan")).groupBy("device_id")
        .agg(min("event_time").as("from_time"), max("event_time").as("to_time"))
        .select(col("device_id"), lit(Integer.MIN_VALUE).as("input_from"), lit(Integer.MIN_VALUE).as("output_from"),
            lit(0L).as("base"), col("from_time"), col("to_time"));
    return compute(silver, ranges, k);
  }

  /** {@code asset_health} candidates: each device's row with the highest cycle among {@code health}. */
  public static Dataset<Row> latest(Dataset<Row> health) {
    return health.withColumn("latest", row_number().over(Window.partitionBy("device_id").orderBy(desc("cycle"))))
        .where(col("latest").equalTo(1)).drop("latest");
  }
}
