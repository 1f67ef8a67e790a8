package io.iotlakehouse.streaming.io;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.transform.gold.GoldSchemas;
import io.iotlakehouse.streaming.transform.gold.GoldSettings;
import io.iotlakehouse.streaming.transform.gold.Lateness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** The gold tables ({@code <lake.root>/gold/<name>}): where they are, and creating them with schema and properties. */
public record GoldTables(String rolling, String turbofanHealth, String assetHealth, String fleetKpis, String lateEvents,
    String progress) {

  /** Table property recording the slide the rolling windows were computed with (milliseconds). */
  public static final String SLIDE_PROPERTY = "lakehouse.gold.rolling-slide-ms";
  /** Table property recording k, the number of cycles of the health windows. */
  public static final String HEALTH_WINDOW_PROPERTY = "lakehouse.gold.health-window";

  public static GoldTables in(Lake lake) {
    return new GoldTables(lake.table("gold", "sensor_rolling_5m"), lake.table("gold", "turbofan_health"),
        lake.table("gold", "asset_health"), lake.table("gold", "fleet_kpis_hourly"), lake.table("gold", "late_events"),
        lake.table("gold", "_progress"));
  }

  /**
   * Creates the tables that do not exist, and checks that the existing ones were computed with the same slide and
   * health window: rows computed with two settings in one table would be silently inconsistent.
   */
  public void ensure(SparkSession spark, GoldSettings settings) {
    String slide = Long.toString(settings.slideMillis());
    String k = Integer.toString(settings.healthWindow());
    create(spark, rolling, GoldSchemas.SENSOR_ROLLING_5M, new String[] {"window_date"},
        "device_id,sensor,window_start,window_end", Map.of(SLIDE_PROPERTY, slide));
    create(spark, turbofanHealth, GoldSchemas.TURBOFAN_HEALTH, new String[0], "device_id,cycle,event_time",
        Map.of(HEALTH_WINDOW_PROPERTY, k));
    create(spark, assetHealth, GoldSchemas.ASSET_HEALTH, new String[0], "device_id,cycle,event_time",
        Map.of(HEALTH_WINDOW_PROPERTY, k));
    create(spark, fleetKpis, GoldSchemas.FLEET_KPIS_HOURLY, new String[0], "site,hour", Map.of());
    create(spark, lateEvents, GoldSchemas.LATE_EVENTS, new String[0],
        "device_id,seq,event_time,batch_id,checkpoint_generation", Map.of());
    create(spark, progress, GoldSchemas.PROGRESS, new String[0], "checkpoint_generation,batch_id", Map.of());
    check(spark, rolling, SLIDE_PROPERTY, slide, GoldKeys.ROLLING_SLIDE.name(),
        v -> Lateness.describe(Long.parseLong(v)));
    check(spark, turbofanHealth, HEALTH_WINDOW_PROPERTY, k, GoldKeys.HEALTH_WINDOW.name(), v -> v);
    check(spark, assetHealth, HEALTH_WINDOW_PROPERTY, k, GoldKeys.HEALTH_WINDOW.name(), v -> v);
  }

  public List<String> all() {
    return List.of(rolling, turbofanHealth, assetHealth, fleetKpis, lateEvents, progress);
  }

  private static void create(SparkSession spark, String path, StructType schema, String[] partitionBy, String statsColumns,
      Map<String, String> extra) {
    Map<String, String> props = new HashMap<>(extra);
    props.put("delta.dataSkippingStatsColumns", statsColumns);
    props.put("delta.logRetentionDuration", "interval 30 days");
    props.put("delta.checkpointInterval", "20");
    DeltaTables.ensure(spark, path, schema, partitionBy, props);
  }

  private static void check(SparkSession spark, String path, String property, String expected, String key,
      java.util.function.UnaryOperator<String> display) {
    Row detail = DeltaTable.forPath(spark, path).detail().select("properties").first();
    Map<String, String> props = detail.getJavaMap(0);
    String actual = props.get(property);
    if (actual != null && !actual.equals(expected)) {
      throw new LakehouseException("Gold table " + path + " was computed with " + key + " = " + display.apply(actual)
          + " but the job is configured with " + display.apply(expected),
          "rows computed with two settings in one table would not be comparable, and closed windows are never recomputed",
          "set " + key + " back to " + display.apply(actual) + ", or rebuild with the new value: stop the gold job, move "
              + "the table and the gold checkpoint away (gold is recomputed from silver), and start again");
    }
  }
}
