package io.iotlakehouse.streaming.job;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.CheckpointGeneration;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.DeviceRegistry;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.RedisProgressListener;
import io.iotlakehouse.streaming.io.ReferenceTables;
import io.iotlakehouse.streaming.io.RoutedDeltaAppend;
import io.iotlakehouse.streaming.io.SparkLineage;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.BronzeTransform;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import io.iotlakehouse.streaming.transform.silver.SilverSettings;
import io.iotlakehouse.streaming.transform.silver.SilverTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Delta bronze (streaming read) -> silver telemetry + quarantine + duplicates, exactly once. Submit with spark-submit
 * (main) or start from code ({@link #start}).
 */
public final class SilverJob {
  public static final String QUERY = "silver-telemetry";

  static final Map<String, String> SILVER_PROPERTIES = Map.of(
      "delta.dataSkippingStatsColumns", "device_id,seq,event_time,kind,ingest_time",
      "delta.logRetentionDuration", "interval 30 days",
      "delta.checkpointInterval", "20");
  static final Map<String, String> QUARANTINE_PROPERTIES = Map.of(
      "delta.dataSkippingStatsColumns", "rule_id,device_id,seq,event_time,topic,partition,offset,ingest_time",
      "delta.logRetentionDuration", "interval 30 days",
      "delta.checkpointInterval", "20");
  static final Map<String, String> DUPLICATES_PROPERTIES = Map.of(
      "delta.logRetentionDuration", "interval 30 days",
      "delta.checkpointInterval", "20");

  private SilverJob() {}

  /** Where the silver job reads and writes, resolved from config. */
  public record Paths(String bronze, String silver, String quarantine, String duplicates, String registry,
      String weather, String checkpoint) {
    public static Paths from(Config config) {
      Lake lake = Lake.from(config);
      String registry = config.get(SilverKeys.DEVICE_REGISTRY);
      String weather = config.get(SilverKeys.WEATHER);
      return new Paths(lake.bronzeTelemetry(), lake.table("silver", "telemetry"), lake.table("silver", "quarantine"),
          lake.table("silver", "duplicates"), registry.isBlank() ? lake.table("reference", "devices") : registry,
          weather.isBlank() ? lake.table("reference", "weather") : weather, lake.checkpoint(QUERY));
    }
  }

  /** What the job reads and writes, for lineage. */
  public static SparkLineage.Job lineage(Paths p) {
    return new SparkLineage.Job(QUERY, p.checkpoint(), SparkLineage.deltas(p.bronze(), p.registry(), p.weather()),
        SparkLineage.deltas(p.silver(), p.quarantine(), p.duplicates()));
  }

  public static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(StreamingKeys.keys());
    keys.addAll(SilverKeys.keys());
    return keys;
  }

  public static StreamingQuery start(SparkSession spark, Config config, Trigger trigger) throws TimeoutException {
    Paths p = Paths.from(config);
    // Silver may start before bronze has written anything: create bronze as the bronze job would (idempotent).
    DeltaTables.ensure(spark, p.bronze(), BronzeTransform.SCHEMA, new String[] {"ingest_date"}, BronzeJob.TABLE_PROPERTIES);
    DeltaTables.ensure(spark, p.silver(), SilverSchemas.SILVER, new String[] {"event_date"}, SILVER_PROPERTIES);
    DeltaTables.ensure(spark, p.quarantine(), SilverSchemas.QUARANTINE, new String[] {"ingest_date"}, QUARANTINE_PROPERTIES);
    DeltaTables.ensure(spark, p.duplicates(), SilverSchemas.DUPLICATES, new String[] {"ingest_date"}, DUPLICATES_PROPERTIES);
    RedisProgressListener.register(spark, config); // progress to lh:pipeline:<query> when redis.url is set
    SparkLineage.register(spark, config, lineage(p));
    String appId = QUERY + "-" + CheckpointGeneration.of(spark.sparkContext().hadoopConfiguration(), p.checkpoint());
    SilverSettings settings = SilverSettings.of(config.get(SilverKeys.FUTURE_SKEW), config.get(SilverKeys.LATE_BOUND));

    Dataset<Row> bronze = spark.readStream()
        .format("delta")
        // bronze is append-only; a commit that deletes or rewrites rows (retention, erasure) is not new data
        .option("skipChangeCommits", "true")
        .load(p.bronze());
    Dataset<Row> routed = SilverTransform.route(bronze, settings, DeviceRegistry.load(spark, p.registry()));

    RoutedDeltaAppend sink = new RoutedDeltaAppend(QUERY, "route", appId, List.of(
        new RoutedDeltaAppend.Target(SilverSchemas.ROUTE_SILVER, p.silver(),
            // reference tables are read per batch: an update by the user applies from the next batch on
            batch -> SilverTransform.silver(batch, ReferenceTables.load(spark, p.registry(), p.weather())), Map.of()),
        new RoutedDeltaAppend.Target(SilverSchemas.ROUTE_QUARANTINE, p.quarantine(), SilverTransform::quarantine,
            Map.of("parquet.enable.dictionary#value", "false")),
        new RoutedDeltaAppend.Target(SilverSchemas.ROUTE_DUPLICATE, p.duplicates(), SilverTransform::duplicates, Map.of())));
    return routed.writeStream()
        .queryName(QUERY)
        .option("checkpointLocation", p.checkpoint())
        .trigger(trigger)
        .foreachBatch(sink)
        .start();
  }

  /**
   * Runs the job in this JVM until it stops: continuously at the configured trigger interval, or, with
   * {@code availableNow}, over what bronze holds now. For spark-submit ({@link #main}) and the lakehouse command.
   */
  public static void run(Config config, boolean availableNow) throws TimeoutException, StreamingQueryException {
    SparkSession spark = SparkSessions.create("lakehouse-" + QUERY, config.get(StreamingKeys.SPARK_MASTER));
    Trigger trigger = availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(config.get(SilverKeys.TRIGGER).toMillis());
    Foreground.await("silver", start(spark, config, trigger));
  }

  public static void main(String[] args) throws TimeoutException, StreamingQueryException {
    run(ConfigArgs.parse(Foreground.configArgs(args), keys()), Foreground.availableNow(args));
  }
}
