package io.iotlakehouse.streaming.io;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.streaming.transform.silver.Enrichment;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The reference tables silver enriches events with, both plain Delta tables that users update with any Delta writer
 * (or {@code lakehouse reference ...}): the device registry (effective-dated: append a row to change a device from
 * its {@code valid_from} on) and weather per site and hour.
 */
public final class ReferenceTables {
  private ReferenceTables() {}

  public static final StructType DEVICES = new StructType()
      .add("device_id", DataTypes.StringType, false, "device identity")
      .add("kind", DataTypes.StringType, true, "env, truck or turbofan")
      .add("site", DataTypes.StringType, true, "plant, depot or hangar the device belongs to from valid_from on")
      .add("model", DataTypes.StringType, true, "device model")
      .add("install_date", DataTypes.DateType, true, "when the device was installed")
      .add("valid_from", DataTypes.TimestampType, false, "this row holds from here until the device's next row");

  public static final StructType WEATHER = new StructType()
      .add("site", DataTypes.StringType, false)
      .add("hour", DataTypes.TimestampType, false, "start of the hour (UTC)")
      .add("temperature_c", DataTypes.DoubleType, true, "outside temperature")
      .add("condition", DataTypes.StringType, true, "clear, cloudy, rain, snow, ...")
      .add("updated_at", DataTypes.TimestampType, false, "newest row per (site, hour) wins");

  private static final Map<String, String> PROPS = Map.of("delta.logRetentionDuration", "interval 365 days");

  public record Device(String deviceId, String kind, String site, String model, java.time.LocalDate installDate,
      java.time.Instant validFrom) {}

  public record Weather(String site, java.time.Instant hour, double temperatureC, String condition,
      java.time.Instant updatedAt) {}

  /** The tables as they are now; a table that does not exist is empty (its enrichment columns stay null). */
  public static Enrichment.Reference load(SparkSession spark, String devicesPath, String weatherPath) {
    return new Enrichment.Reference(read(spark, devicesPath), read(spark, weatherPath));
  }

  /** Appends registry rows: each is a new version of its device from its valid_from on. */
  public static void appendDevices(SparkSession spark, String path, List<Device> devices) {
    DeltaTables.ensure(spark, path, DEVICES, new String[0], PROPS);
    devices(spark, devices).write().format("delta").mode("append").save(path);
  }

  /** Registers the devices the registry does not know yet (any version); known devices are left as they are. */
  public static long registerNew(SparkSession spark, String path, List<Device> devices) {
    DeltaTables.ensure(spark, path, DEVICES, new String[0], PROPS);
    return insertAbsent(path, devices(spark, devices), "t.device_id = s.device_id");
  }

  /** Appends weather rows; for a (site, hour) written before, the row with the newest updated_at wins. */
  public static void appendWeather(SparkSession spark, String path, List<Weather> weather) {
    DeltaTables.ensure(spark, path, WEATHER, new String[0], PROPS);
    weather(spark, weather).write().format("delta").mode("append").save(path);
  }

  /** Adds weather for the (site, hour)s that have none yet. */
  public static long addMissingWeather(SparkSession spark, String path, List<Weather> weather) {
    DeltaTables.ensure(spark, path, WEATHER, new String[0], PROPS);
    return insertAbsent(path, weather(spark, weather), "t.site = s.site AND t.hour = s.hour");
  }

  private static long insertAbsent(String path, Dataset<Row> rows, String on) {
    DeltaTable table = DeltaTable.forPath(rows.sparkSession(), path);
    long before = table.toDF().count();
    table.as("t").merge(rows.as("s"), on).whenNotMatched().insertAll().execute();
    return table.toDF().count() - before;
  }

  private static Dataset<Row> devices(SparkSession spark, List<Device> devices) {
    List<Row> rows = devices.stream().map(d -> RowFactory.create(d.deviceId(), d.kind(), d.site(), d.model(),
        d.installDate() == null ? null : Date.valueOf(d.installDate()), Timestamp.from(d.validFrom()))).toList();
    return spark.createDataFrame(rows, DEVICES);
  }

  private static Dataset<Row> weather(SparkSession spark, List<Weather> weather) {
    List<Row> rows = weather.stream().map(w -> RowFactory.create(w.site(), Timestamp.from(w.hour()), w.temperatureC(),
        w.condition(), Timestamp.from(w.updatedAt()))).toList();
    return spark.createDataFrame(rows, WEATHER);
  }

  private static Optional<Dataset<Row>> read(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) return Optional.empty();
    return Optional.of(spark.read().format("delta").load(path));
  }
}
