package io.iotlakehouse.batch;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the Iceberg catalog the batch jobs publish to (gold tables, the cold tier). */
public final class IcebergKeys {
  private IcebergKeys() {}

  /** The gold tables published as Iceberg tables. */
  public static final List<String> GOLD_TABLES =
      List.of("sensor_rolling_5m", "turbofan_health", "asset_health", "fleet_kpis_hourly");

  public static final ConfigKey<String> CATALOG = ConfigKey.define(
      "batch.iceberg.catalog", ValueType.STRING, "lakehouse",
      Validator.of(s -> s.matches("[a-z][a-z0-9_]*") && !s.equals("spark_catalog"),
          "a lower-case identifier other than spark_catalog (Spark's session catalog stays Delta's)"),
      "Name of the Iceberg catalog in the Spark session (tables are <catalog>.<namespace>.<table>); the session catalog "
          + "spark_catalog stays Delta's");
  public static final ConfigKey<String> CATALOG_TYPE = ConfigKey.define(
      "batch.iceberg.catalog-type", ValueType.STRING, "hadoop", Validator.oneOf("hadoop", "rest", "hive"),
      "Iceberg catalog implementation: hadoop (metadata files under batch.iceberg.warehouse, no service), rest (an "
          + "Iceberg REST catalog at batch.iceberg.uri) or hive (a Hive metastore at batch.iceberg.uri; its client jars "
          + "must be on the classpath)");
  public static final ConfigKey<String> WAREHOUSE = ConfigKey.define(
      "batch.iceberg.warehouse", ValueType.STRING, "",
      "Warehouse location of the Iceberg catalog (path or URI); empty means <lake.root>/iceberg");
  public static final ConfigKey<String> URI = ConfigKey.define(
      "batch.iceberg.uri", ValueType.STRING, "",
      "Catalog service URI: http(s)://... for rest, thrift://host:9083 for hive; unused by hadoop");
  public static final ConfigKey<String> NAMESPACE = ConfigKey.define(
      "batch.iceberg.namespace", ValueType.STRING, "gold", Validator.of(s -> s.matches("[a-z][a-z0-9_]*"), "a lower-case identifier"),
      "Namespace of the published gold tables");
  public static final ConfigKey<Duration> SNAPSHOT_RETENTION = ConfigKey.define(
      "batch.iceberg.snapshot-retention", ValueType.DURATION, "7d", Validator.positiveDuration(),
      "Iceberg snapshots older than this are expired after each sync (time travel reaches back this far); the newest "
          + "batch.iceberg.min-snapshots are always kept");
  public static final ConfigKey<Integer> MIN_SNAPSHOTS = ConfigKey.define(
      "batch.iceberg.min-snapshots", ValueType.INT, "10", Validator.between(1, 10_000),
      "Snapshots every Iceberg table keeps whatever their age");

  public static List<ConfigKey<?>> keys() {
    return List.of(CATALOG, CATALOG_TYPE, WAREHOUSE, URI, NAMESPACE, SNAPSHOT_RETENTION, MIN_SNAPSHOTS);
  }
}
