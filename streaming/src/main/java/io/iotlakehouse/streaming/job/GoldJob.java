package io.iotlakehouse.streaming.job;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.CheckpointGeneration;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.GoldSink;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.RedisProgressListener;
import io.iotlakehouse.streaming.io.SparkLineage;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.gold.GoldSettings;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Delta silver telemetry (streaming read) -> gold: sensor_rolling_5m, turbofan_health + asset_health,
 * fleet_kpis_hourly, with late_events and _progress; recompute-and-replace, exactly once (see {@link GoldSink}). Submit
 * with spark-submit (main) or start from code ({@link #start}).
 */
public final class GoldJob {
  public static final String QUERY = "gold-telemetry";

  private GoldJob() {}

  /** Where the gold job reads and writes, resolved from config. */
  public record Paths(String silver, GoldTables gold, String checkpoint) {
    public static Paths from(Config config) {
      Lake lake = Lake.from(config);
      return new Paths(lake.table("silver", "telemetry"), GoldTables.in(lake), lake.checkpoint(QUERY));
    }
  }

  /** What the job reads and writes, for lineage. */
  public static SparkLineage.Job lineage(Paths p) {
    return new SparkLineage.Job(QUERY, p.checkpoint(), SparkLineage.deltas(p.silver()),
        SparkLineage.deltas(p.gold().all().toArray(String[]::new)));
  }

  public static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(StreamingKeys.keys());
    keys.addAll(GoldKeys.keys());
    return keys;
  }

  public static GoldSettings settings(Config config) {
    return GoldSettings.of(config.get(GoldKeys.ROLLING_SLIDE), config.get(GoldKeys.ALLOWED_LATENESS),
        config.get(GoldKeys.HEALTH_WINDOW));
  }

  public static StreamingQuery start(SparkSession spark, Config config, Trigger trigger) throws TimeoutException {
    Paths p = Paths.from(config);
    GoldSettings settings = settings(config);
    // Gold may start before silver has written anything: create silver as the silver job would (idempotent).
    DeltaTables.ensure(spark, p.silver(), SilverSchemas.SILVER, new String[] {"event_date"}, SilverJob.SILVER_PROPERTIES);
    p.gold().ensure(spark, settings);
    String generation = CheckpointGeneration.of(spark.sparkContext().hadoopConfiguration(), p.checkpoint());
    RedisProgressListener.register(spark, config); // progress to lh:pipeline:<query> when redis.url is set
    SparkLineage.register(spark, config, lineage(p));

    Dataset<Row> silver = spark.readStream()
        .format("delta")
        // silver is append-only; a commit that deletes or rewrites rows (retention, erasure) is not new data
        .option("skipChangeCommits", "true")
        // no file limit: every batch then ends on a silver commit, so its recomputation can read silver at exactly the
        // version the batch ends at (see GoldSink); after downtime the first batch takes the whole backlog
        .option("maxFilesPerTrigger", Integer.toString(Integer.MAX_VALUE))
        .load(p.silver());
    return silver.writeStream()
        .queryName(QUERY)
        .option("checkpointLocation", p.checkpoint())
        .trigger(trigger)
        .foreachBatch(new GoldSink(QUERY, p.silver(), p.gold(), p.checkpoint(), generation, settings))
        .start();
  }

  /**
   * Runs the job in this JVM until it stops: continuously at the configured trigger interval, or, with
   * {@code availableNow}, over what silver holds now. For spark-submit ({@link #main}) and the lakehouse command.
   */
  public static void run(Config config, boolean availableNow) throws TimeoutException, StreamingQueryException {
    SparkSession spark = SparkSessions.create("lakehouse-" + QUERY, config.get(StreamingKeys.SPARK_MASTER));
    Trigger trigger = availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(config.get(GoldKeys.TRIGGER).toMillis());
    Foreground.await("gold", start(spark, config, trigger));
  }

  public static void main(String[] args) throws TimeoutException, StreamingQueryException {
    run(ConfigArgs.parse(Foreground.configArgs(args), keys()), Foreground.availableNow(args));
  }
}
