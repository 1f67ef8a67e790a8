package io.iotlakehouse.batch.transform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The monthly fleet report per site, from gold's hourly KPIs and silver:
 *
 * <ul>
 *   <li>{@code devices}: devices that reported at the site in the month (silver);</li>
 *   <li>{@code device_hours}: hours in which a device reported, summed over devices (gold {@code active_devices});</li>
 *   <li>{@code uptime_pct}: device_hours / (devices x hours of the month) x 100: the share of the month the site's
 *       devices were reporting;</li>
 *   <li>{@code events}, {@code alerts}, {@code distance_km}: sums of gold's hourly KPIs;</li>
 *   <li>{@code failures}: distinct (device, fault code) pairs trucks reported in the month (a code a truck keeps
 *       reporting counts once); {@code devices_with_faults}: trucks that reported any.</li>
 * </ul>
 *
 * Sites as gold names them: devices without a registry site count under {@code unassigned}.
 */
public final class FleetReport {
  private FleetReport() {}

  public static final StructType SCHEMA = new StructType()
      .add("month", DataTypes.StringType, false, "yyyy-mm (UTC)")
      .add("site", DataTypes.StringType, false)
      .add("devices", DataTypes.LongType, false, "devices that reported at the site in the month")
      .add("device_hours", DataTypes.LongType, false, "device-hours with at least one event")
      .add("uptime_pct", DataTypes.DoubleType, false, "device_hours / (devices x hours of the month) x 100")
      .add("events", DataTypes.LongType, false)
      .add("alerts", DataTypes.LongType, false, "alert rule firings (gold fleet_kpis_hourly)")
      .add("distance_km", DataTypes.DoubleType, false, "truck distance driven")
      .add("failures", DataTypes.LongType, false, "distinct (device, fault code) pairs reported")
      .add("devices_with_faults", DataTypes.LongType, false, "trucks that reported a fault code");

  /**
   * @param kpis gold {@code fleet_kpis_hourly} rows (at least those of the month)
   * @param silver silver telemetry rows (at least those of the month)
   */
  public static Dataset<Row> monthly(Dataset<Row> kpis, Dataset<Row> silver, YearMonth month) {
    Timestamp start = Timestamp.from(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    Timestamp end = Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    long hours = (end.getTime() - start.getTime()) / 3_600_000L;
    Dataset<Row> sums = kpis.where(col("hour").geq(lit(start)).and(col("hour").lt(lit(end))))
        .groupBy(col("site").as("k_site"))
        .agg(sum("active_devices").as("device_hours"), sum("events").as("events"), sum("alerts").as("alerts"),
            sum("distance_km").as("distance_km"));
    Dataset<Row> events = silver
        .where(col("event_date").between(lit(Date.valueOf(month.atDay(1))), lit(Date.valueOf(month.atEndOfMonth())))
            .and(col("event_time").geq(lit(start))).and(col("event_time").lt(lit(end))))
        .withColumn("site", coalesce(col("site"), lit("unassigned")));
    Dataset<Row> devices = events.groupBy("site").agg(
        countDistinct("device_id").as("devices"),
        countDistinct(when(col("kind").equalTo("truck").and(size(col("fault_codes")).gt(0)), col("device_id")))
            .as("devices_with_faults"));
    Dataset<Row> failures = events.where(col("kind").equalTo("truck"))
        .select(col("site").as("f_site"), col("device_id"), explode(col("fault_codes")).as("code"))
        .groupBy("f_site").agg(countDistinct(concat_ws("\u0000", col("device_id"), col("code"))).as("failures"));
    return devices.join(sums, col("site").equalTo(col("k_site")), "left")
        .join(failures, col("site").equalTo(col("f_site")), "left")
        .select(lit(month.toString()).as("month"), col("site"), col("devices"),
            coalesce(col("device_hours"), lit(0L)).as("device_hours"),
            round(coalesce(col("device_hours"), lit(0L)).multiply(100.0).divide(col("devices").multiply(hours)), 2)
                .as("uptime_pct"),
            coalesce(col("events"), lit(0L)).as("events"), coalesce(col("alerts"), lit(0L)).as("alerts"),
            coalesce(col("distance_km"), lit(0.0)).as("distance_km"), coalesce(col("failures"), lit(0L)).as("failures"),
            col("devices_with_faults"))
        .orderBy("site");
  }
}
