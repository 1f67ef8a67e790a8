package io.iotlakehouse.streaming.transform.gold;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Schemas of the gold tables under {@code <lake.root>/gold/}. */
public final class GoldSchemas {
  private GoldSchemas() {}

  private static final ArrayType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);

  /**
   * {@code sensor_rolling_5m}: 5-minute sliding windows per device and sensor, long format. Key (device_id, sensor,
   * window_start); partitioned by window_date. Read by the dashboard: do not change without telling it.
   */
  public static final StructType SENSOR_ROLLING_5M = new StructType()
      .add("device_id", DataTypes.StringType, false, "device identity")
      .add("kind", DataTypes.StringType, false, "env, truck or turbofan")
      .add("site", DataTypes.StringType, true, "site of the device's latest event in the window (device registry); null when unregistered")
      .add("sensor", DataTypes.StringType, false, "temperature_c, humidity_pct (env); speed_kmh, engine_rpm, engine_temp_c, "
          + "oil_pressure_kpa, fuel_level_pct (truck); s2..s21, the 14 informative C-MAPSS sensors (turbofan)")
      .add("window_start", DataTypes.TimestampType, false, "inclusive, a multiple of streaming.gold.rolling-slide since the epoch (UTC)")
      .add("window_end", DataTypes.TimestampType, false, "exclusive, window_start + 5 minutes")
      .add("avg", DataTypes.DoubleType, false, "mean of the sensor's values in the window")
      .add("min", DataTypes.DoubleType, false)
      .add("max", DataTypes.DoubleType, false)
      .add("count", DataTypes.LongType, false, "number of silver events in the window")
      .add("window_date", DataTypes.DateType, false, "partition column: UTC date of window_start");

  /**
   * {@code turbofan_health}: one row per turbofan and cycle with the rolling health features over the device's last k
   * reported cycles (k is the table property {@code lakehouse.gold.health-window}). Key (device_id, cycle).
   */
  public static final StructType TURBOFAN_HEALTH = health();

  /** {@code asset_health}: each turbofan's row of {@link #TURBOFAN_HEALTH} with its highest cycle. Key device_id. */
  public static final StructType ASSET_HEALTH = health();

  private static StructType health() {
    StructType s = new StructType()
        .add("device_id", DataTypes.StringType, false, "device identity")
        .add("unit", DataTypes.IntegerType, false, "C-MAPSS engine unit")
        .add("cycle", DataTypes.IntegerType, false, "operating cycle")
        .add("seq", DataTypes.LongType, false, "silver (device_id, seq) of the event this cycle's values come from")
        .add("event_time", DataTypes.TimestampType, false, "when the cycle was measured (UTC)")
        .add("site", DataTypes.StringType, true, "device registry site at event_time")
        .add("settings", DOUBLES, false, "3 operational settings")
        .add("sensors", DOUBLES, false, "21 sensors s1..s21 (sensors[0] is s1)")
        .add("cycles_so_far", DataTypes.LongType, false, "number of cycles the device has reported up to and including this one")
        .add("window_cycles", DataTypes.IntegerType, false,
            "cycles in this row's health window: min(k, cycles_so_far), k = table property lakehouse.gold.health-window");
    for (int n : GoldSensors.TURBOFAN_HEALTH_SENSORS) {
      s = s.add("s" + n + "_mean", DataTypes.DoubleType, false, "mean of s" + n + " over the window")
          .add("s" + n + "_std", DataTypes.DoubleType, false, "population std of s" + n + " over the window (0 for one cycle)")
          .add("s" + n + "_slope", DataTypes.DoubleType, false,
              "least-squares slope of s" + n + " per cycle over the window (0 for one cycle)");
    }
    return s;
  }

  /** {@code fleet_kpis_hourly}: per site and UTC hour. Key (site, hour). */
  public static final StructType FLEET_KPIS_HOURLY = new StructType()
      .add("site", DataTypes.StringType, false, "device registry site; 'unassigned' for devices without one")
      .add("hour", DataTypes.TimestampType, false, "start of the UTC hour")
      .add("active_devices", DataTypes.LongType, false, "devices with at least one event in the hour")
      .add("events", DataTypes.LongType, false, "silver events in the hour")
      .add("alerts", DataTypes.LongType, false, "alerts the hour's events raise (transform.alerts.AlertRules, one per rule and event)")
      .add("distance_km", DataTypes.DoubleType, false,
          "trucks: sum of great-circle distances between consecutive fixes, counted in the hour of the later fix; "
              + "fixes more than 1 hour apart count 0")
      .add("avg_speed_kmh", DataTypes.DoubleType, true, "trucks; null when no truck reported")
      .add("avg_fuel_level_pct", DataTypes.DoubleType, true, "trucks")
      .add("min_fuel_level_pct", DataTypes.DoubleType, true, "trucks")
      .add("avg_engine_temp_c", DataTypes.DoubleType, true, "trucks")
      .add("max_engine_temp_c", DataTypes.DoubleType, true, "trucks")
      .add("avg_temperature_c", DataTypes.DoubleType, true, "environmental sensors; null when none reported");

  /** Site value of devices without a site. */
  public static final String UNASSIGNED = "unassigned";

  /** {@code late_events}: silver rows that arrived after all their windows and their hour had closed. */
  public static final StructType LATE_EVENTS = new StructType()
      .add("device_id", DataTypes.StringType, false)
      .add("seq", DataTypes.LongType, false)
      .add("event_time", DataTypes.TimestampType, false)
      .add("kind", DataTypes.StringType, false)
      .add("site", DataTypes.StringType, true)
      .add("batch_id", DataTypes.LongType, false, "gold micro-batch that read the row")
      .add("watermark", DataTypes.TimestampType, false, "gold watermark of that batch")
      .add("reason", DataTypes.StringType, false, "which windows and hour were closed, and the watermark's origin")
      .add("checkpoint_generation", DataTypes.StringType, false,
          "the gold checkpoint's generation: only late rows of the current generation are excluded from gold");

  /** {@code _progress}: one row per gold micro-batch; the next batch's watermark is derived from it. */
  public static final StructType PROGRESS = new StructType()
      .add("checkpoint_generation", DataTypes.StringType, false)
      .add("batch_id", DataTypes.LongType, false)
      .add("silver_version", DataTypes.LongType, false, "silver table version the batch ends at and recomputed from")
      .add("rows", DataTypes.LongType, false, "silver rows in the batch")
      .add("late_rows", DataTypes.LongType, false, "rows sent to late_events (every window and the hour closed)")
      .add("late_rows_total", DataTypes.LongType, false, "late_rows of all batches up to this one (this generation)")
      .add("partial_rows", DataTypes.LongType, false, "rows with some windows or the hour closed: counted only in the open ones")
      .add("batch_max_event_time", DataTypes.TimestampType, true, "max event_time of the batch's rows")
      .add("max_event_time", DataTypes.TimestampType, true, "max event_time of all batches up to this one")
      .add("watermark", DataTypes.TimestampType, true, "watermark used for this batch; null before any event")
      .add("allowed_lateness_ms", DataTypes.LongType, false, "streaming.gold.allowed-lateness when the batch ran")
      .add("written_at", DataTypes.TimestampType, false, "driver clock when the row was written");
}
