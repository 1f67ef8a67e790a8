package io.iotlakehouse.streaming.io;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.transform.hot.SiteLookup;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry ({@code ReferenceTables.DEVICES}) collected to the driver as a {@link SiteLookup}, re-read at
 * most every {@code refresh}: the registry is small, and re-reading a Delta table costs more than a hot path batch.
 */
public final class RegistrySites {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrySites.class);

  private final String path;
  private final long refreshMillis;
  private SiteLookup current;
  private long loadedAt;
  private boolean warnedOpen;

  public RegistrySites(String path, Duration refresh) {
    this.path = path;
    this.refreshMillis = refresh.toMillis();
  }

  public SiteLookup current(SparkSession spark, long nowMillis) {
    if (current == null || nowMillis - loadedAt >= refreshMillis) {
      current = load(spark);
      loadedAt = nowMillis;
    }
    return current;
  }

  private SiteLookup load(SparkSession spark) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      if (!warnedOpen) {
        LOG.warn("No device registry table at {}: the hot path alerts on every device and writes no sites. Create it "
            + "(ReferenceTables.DEVICES) or set {}; it is re-read every refresh interval.", path, SilverKeys.DEVICE_REGISTRY.name());
        warnedOpen = true;
      }
      return SiteLookup.OPEN;
    }
    Dataset<Row> table = spark.read().format("delta").load(path);
    List<String> cols = Arrays.asList(table.columns());
    if (!cols.contains("device_id")) {
      throw new LakehouseException("Device registry table " + path + " has no column device_id",
          "the hot path looks up each alerting device's site there (its columns are " + table.schema().simpleString() + ")",
          "add a string column device_id, or point " + SilverKeys.DEVICE_REGISTRY.name() + " at the right table");
    }
    Column site = cols.contains("site") ? functions.col("site") : functions.lit(null).cast(DataTypes.StringType);
    Column from = cols.contains("valid_from") ? functions.col("valid_from") : functions.lit(null).cast(DataTypes.TimestampType);
    SiteLookup.Builder b = SiteLookup.builder();
    for (Row r : table.select(functions.col("device_id").cast(DataTypes.StringType), site.cast(DataTypes.StringType), from)
        .collectAsList()) {
      Timestamp validFrom = r.getTimestamp(2);
      b.add(r.getString(0), r.getString(1), validFrom == null ? null : validFrom.getTime());
    }
    warnedOpen = false;
    SiteLookup lookup = b.build();
    LOG.info("device registry {}: {} devices", path, lookup.devices());
    return lookup;
  }
}
