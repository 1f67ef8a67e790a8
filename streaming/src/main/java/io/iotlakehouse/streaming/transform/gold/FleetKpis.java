package io.iotlakehouse.streaming.transform.gold;

import static io.iotlakehouse.streaming.transform.gold.GoldColumns.exactAvg;
import static io.iotlakehouse.streaming.transform.gold.GoldColumns.exactSum;
import static io.iotlakehouse.streaming.transform.gold.GoldColumns.haversineKm;
import static io.iotlakehouse.streaming.transform.gold.Lateness.floorTo;
import static io.iotlakehouse.streaming.transform.gold.Lateness.micros;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.iotlakehouse.streaming.transform.alerts.AlertRules;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code fleet_kpis_hourly}: per site and UTC hour. Devices without a site count under {@code 'unassigned'}.
 *
 * <p>Distance: each truck fix after the first adds the great-circle distance from the truck's previous fix (by
 * event_time, then seq), counted in the hour and site of the later fix; the previous fix may lie in the previous hour.
 * Two fixes more than {@link GoldSettings#MAX_SEGMENT_GAP_MILLIS} (1 hour) apart add nothing: the truck was off or out
 * of coverage and its route is unknown. That bound also bounds what a recomputation of hour H reads: [H - 1h, H + 1h).
 *
 * <p>Alerts: the number of rows {@link AlertRules#evaluate} raises for the hour's events (one per rule and event), from
 * the same rule definitions the hot path alerts with.
 */
public final class FleetKpis {
  private FleetKpis() {}

  public static final List<String> KEY = List.of("site", "hour");

  private static final long HOUR_US = GoldSettings.HOUR_MILLIS * 1000;

  /**
   * The hours a batch changes: each non-late row's hour when still open, and for trucks also the next hour when open
   * (the row may be the previous fix of that hour's first fix).
   */
  public static Dataset<Row> affectedHours(Dataset<Row> classified, Timestamp watermark) {
    Dataset<Row> rows = classified.where(col("late").unary_$bang())
        .select(col("kind"), floorTo(micros("event_time"), HOUR_US).as("hour_us"));
    Dataset<Row> hours = rows.select(col("hour_us"))
        .union(rows.where(col("kind").equalTo("truck")).select(col("hour_us").plus(HOUR_US).as("hour_us")));
    if (watermark != null) {
      hours = hours.where(col("hour_us").plus(HOUR_US).gt(Lateness.microsOf(watermark)));
    }
    return hours.distinct().select(timestamp_micros(col("hour_us")).as("hour"));
  }

  /**
   * The rows of {@link GoldSchemas#FLEET_KPIS_HOURLY} for the given hours.
   *
   * @param silver silver rows holding every row of each hour H and every truck row of [H - 1h, H)
   * @param hours {@code hour} (start of the UTC hour) to compute; hours without silver rows give no row
   */
  public static Dataset<Row> compute(Dataset<Row> silver, Dataset<Row> hours) {
    WindowSpec byTruck = Window.partitionBy("device_id").orderBy("event_time", "seq");
    Column prevTime = lag(micros("event_time"), 1).over(byTruck);
    Column segment = haversineKm(lag(col("lat"), 1).over(byTruck), lag(col("lon"), 1).over(byTruck), col("lat"), col("lon"));
    Column withinGap = prevTime.isNotNull().and(micros("event_time").minus(prevTime).leq(GoldSettings.MAX_SEGMENT_GAP_MILLIS * 1000));
    Dataset<Row> trucks = silver.where(col("kind").equalTo("truck"))
        .withColumn("segment_km", when(withinGap, segment).otherwise(lit(0.0)));
    Dataset<Row> others = silver.where(col("kind").notEqual("truck")).withColumn("segment_km", lit(null).cast("double"));
    Dataset<Row> keys = hours.select(unix_micros(col("hour")).as("k_hour_us"));
    Dataset<Row> rows = trucks.unionByName(others)
        .withColumn("hour_us", floorTo(micros("event_time"), HOUR_US))
        .join(broadcast(keys), col("hour_us").equalTo(col("k_hour_us")), "left_semi")
        .withColumn("site_key", coalesce(col("site"), lit(GoldSchemas.UNASSIGNED)));

    Dataset<Row> kpis = rows.groupBy(col("site_key"), col("hour_us")).agg(
        countDistinct(col("device_id")).as("active_devices"),
        count(lit(1)).as("events"),
        coalesce(exactSum(col("segment_km")), lit(0.0)).as("distance_km"),
        exactAvg(truck("speed_kmh")).as("avg_speed_kmh"),
        exactAvg(truck("fuel_level_pct")).as("avg_fuel_level_pct"),
        min(truck("fuel_level_pct")).as("min_fuel_level_pct"),
        exactAvg(truck("engine_temp_c")).as("avg_engine_temp_c"),
        max(truck("engine_temp_c")).as("max_engine_temp_c"),
        exactAvg(when(col("kind").equalTo("env"), col("temperature_c"))).as("avg_temperature_c"),
        sum(alertsRaised()).as("alerts"));
    return kpis
        .select(col("site_key").as("site"), timestamp_micros(col("hour_us")).as("hour"), col("active_devices"),
            col("events"), col("alerts"), col("distance_km"), col("avg_speed_kmh"),
            col("avg_fuel_level_pct"), col("min_fuel_level_pct"), col("avg_engine_temp_c"), col("max_engine_temp_c"),
            col("avg_temperature_c"));
  }

  /** Every hour of the given silver rows (a full recomputation; the reference for tests and rebuilds). */
  public static Dataset<Row> all(Dataset<Row> silver) {
    return compute(silver, silver.select(timestamp_micros(floorTo(micros("event_time"), HOUR_US)).as("hour")).distinct());
  }

  /**
   * How many alerts a silver row raises: one per rule of {@link AlertRules#RULES} of its kind that fires, exactly the
   * rows {@link AlertRules#evaluate} returns for it, counted in one pass instead of a union of one scan per rule.
   */
  static Column alertsRaised() {
    Column n = lit(0L);
    for (AlertRules.AlertRule r : AlertRules.RULES) {
      n = n.plus(when(col("kind").equalTo(r.kind()).and(coalesce(r.fires(), lit(false))), lit(1L)).otherwise(lit(0L)));
    }
    return n;
  }

  private static Column truck(String column) {
    return when(col("kind").equalTo("truck"), col(column));
  }
}
