package io.iotlakehouse.streaming.io;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.SilverKeys;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry silver checks device ids against: a Delta table with a string column {@code device_id} (other
 * columns are ignored). Read as a plain (non time-travel) Delta DataFrame, so a streaming query joins each
 * micro-batch with the table's latest snapshot: devices registered while the job runs are known from the next batch.
 */
public final class DeviceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

  private DeviceRegistry() {}

  /** The registry's rows, or empty when no Delta table exists at {@code path} (open registry: every device passes). */
  public static Optional<Dataset<Row>> load(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      LOG.warn("No device registry table at {}: every device_id is accepted (rule unknown_device is off). Create a "
          + "Delta table with a string column device_id there, or set {}, to turn it on.", path, SilverKeys.DEVICE_REGISTRY.name());
      return Optional.empty();
    }
    Dataset<Row> table = spark.read().format("delta").load(path);
    StructField id = null;
    for (StructField f : table.schema().fields()) if (f.name().equals("device_id")) id = f;
    if (id == null || !id.dataType().equals(DataTypes.StringType)) {
      throw new LakehouseException("Device registry table " + path + " has no string column device_id",
          "silver checks every event's device_id against that column (its columns are " + table.schema().simpleString() + ")",
          "add a string column device_id to the table, or point " + SilverKeys.DEVICE_REGISTRY.name()
              + " at the right table");
    }
    return Optional.of(table.select("device_id"));
  }
}
