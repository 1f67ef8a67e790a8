package io.iotlakehouse.streaming.job;

import static org.apache.spark.sql.functions.col;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.streaming.HotPathKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.CheckpointGeneration;
import io.iotlakehouse.streaming.io.HotPathSink;
import io.iotlakehouse.streaming.io.KafkaAlerts;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.NioCheckpointFileManager;
import io.iotlakehouse.streaming.io.Redis;
import io.iotlakehouse.streaming.io.RedisHotStore;
import io.iotlakehouse.streaming.io.RedisProgressListener;
import io.iotlakehouse.streaming.io.RegistrySites;
import io.iotlakehouse.streaming.io.SparkLineage;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.streaming.transform.hot.HotPathTransform;
import io.iotlakehouse.streaming.transform.silver.SilverSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The hot path: Kafka telemetry topic (directly, not bronze: latency) -> alerts and latest device state in Redis, and
 * alerts on the alerts topic. Query {@value #QUERY}, checkpoint {@code <lake.root>/checkpoints/hotpath-alerts}.
 * Submit with spark-submit (main) or start from code / the lakehouse command ({@link #start}, {@link #run}).
 */
public final class HotPathJob {
  public static final String QUERY = "hotpath-alerts";

  private HotPathJob() {}

  public static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(StreamingKeys.keys());
    keys.addAll(SilverKeys.keys());
    keys.addAll(HotPathKeys.keys());
    return keys;
  }

  /** The configured trigger: every {@code streaming.hotpath.trigger-interval}, 0 = back to back. */
  public static Trigger trigger(Config config) {
    return Trigger.ProcessingTime(config.get(HotPathKeys.TRIGGER).toMillis());
  }

  public static String checkpoint(Config config) {
    return Lake.from(config).checkpoint(QUERY);
  }

  public static StreamingQuery start(SparkSession spark, Config config, Trigger trigger) throws TimeoutException {
    ConfigArgs.require(config, PlatformKeys.KAFKA_BOOTSTRAP,
        "the hot path reads the telemetry topic of an existing Kafka cluster (start one locally with `lakehouse stack`)");
    String redisUrl = config.get(PlatformKeys.REDIS_URL);
    if (redisUrl.isBlank()) throw Redis.missing("the hot path writes alerts and device state to Redis");
    RedisProgressListener.register(spark, config);
    SparkLineage.register(spark, config, new SparkLineage.Job(QUERY, checkpoint(config),
        List.of(SparkLineage.telemetryTopic(config), SparkLineage.delta(config.get(SilverKeys.DEVICE_REGISTRY).isBlank()
            ? Lake.from(config).table("reference", "devices") : config.get(SilverKeys.DEVICE_REGISTRY))),
        List.of(LineageDataset.kafkaTopic(config.get(PlatformKeys.KAFKA_BOOTSTRAP), config.get(PlatformKeys.TOPIC_ALERTS)),
            LineageDataset.store(redisUrl.replaceAll("^(rediss?://)([^@]*@)?", "$1"), "lh:*"))));
    Lake lake = Lake.from(config);
    String checkpoint = lake.checkpoint(QUERY);
    String appId = QUERY + "-" + CheckpointGeneration.of(spark.sparkContext().hadoopConfiguration(), checkpoint);
    String registry = config.get(SilverKeys.DEVICE_REGISTRY);
    SilverSettings settings = SilverSettings.of(config.get(SilverKeys.FUTURE_SKEW), config.get(SilverKeys.LATE_BOUND));

    Dataset<Row> kafka = spark.readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", config.get(PlatformKeys.KAFKA_BOOTSTRAP))
        .option("subscribe", config.get(PlatformKeys.TOPIC_TELEMETRY))
        .option("startingOffsets", config.get(HotPathKeys.STARTING_OFFSETS))
        .option("maxOffsetsPerTrigger", config.get(HotPathKeys.MAX_OFFSETS))
        // hot data only: offsets deleted by retention while the hot path was down are not worth stopping for
        .option("failOnDataLoss", "false")
        .load();

    RedisHotStore redis = new RedisHotStore(redisUrl, config.get(HotPathKeys.ALERT_TTL), config.get(HotPathKeys.DEVICE_TTL));
    KafkaAlerts alerts = new KafkaAlerts(config.get(PlatformKeys.KAFKA_BOOTSTRAP), config.get(PlatformKeys.TOPIC_ALERTS));
    RegistrySites sites = new RegistrySites(registry.isBlank() ? lake.table("reference", "devices") : registry,
        config.get(HotPathKeys.REGISTRY_REFRESH));
    // The time rules compare event_time with the Kafka record's timestamp (when the gateway produced it), not with
    // current_timestamp(): that one is a new literal in every batch's generated code, which made Spark compile the
    // plan's Java code again (Janino) on every micro-batch. The record timestamp is also fixed across replays.
    Dataset<Row> events = HotPathTransform.events(kafka, col("timestamp"), settings);
    HotPathSink sink = new HotPathSink(appId, redis, alerts, sites, System::currentTimeMillis);
    // checkpoint files written without forking chmod (see NioLocalFileSystem): two files per micro-batch
    StreamingQuery q = NioCheckpointFileManager.startWith(spark, checkpoint, () -> events
        .writeStream()
        .queryName(QUERY)
        .option("checkpointLocation", checkpoint)
        .trigger(trigger)
        .foreachBatch(sink)
        .start());
    closeWhenTerminated(spark, q, redis, alerts);
    return q;
  }

  /** Releases the Redis connection and Kafka producer when the query stops (their owner is the query). */
  private static void closeWhenTerminated(SparkSession spark, StreamingQuery q, RedisHotStore redis, KafkaAlerts alerts) {
    spark.streams().addListener(new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent event) {}

      @Override
      public void onQueryProgress(QueryProgressEvent event) {}

      @Override
      public void onQueryTerminated(QueryTerminatedEvent event) {
        if (!event.id().equals(q.id())) return;
        redis.close();
        alerts.close();
        spark.streams().removeListener(this);
      }
    });
  }

  /** Runs the hot path in this JVM until it stops. For spark-submit ({@link #main}) and the lakehouse command. */
  public static void run(Config config) throws TimeoutException, StreamingQueryException {
    ConfigArgs.require(config, PlatformKeys.KAFKA_BOOTSTRAP,
        "the hot path reads the telemetry topic of an existing Kafka cluster (start one locally with `lakehouse stack`)");
    if (config.get(PlatformKeys.REDIS_URL).isBlank()) throw Redis.missing("the hot path writes alerts and device state to Redis");
    SparkSession spark = SparkSessions.create("lakehouse-" + QUERY, config.get(StreamingKeys.SPARK_MASTER));
    System.out.println("hot path: alerts -> " + config.get(PlatformKeys.REDIS_URL) + " and topic "
        + config.get(PlatformKeys.TOPIC_ALERTS));
    Foreground.await("hotpath", start(spark, config, trigger(config)));
  }

  public static void main(String[] args) throws TimeoutException, StreamingQueryException {
    run(ConfigArgs.parse(args, keys()));
  }
}
