package io.iotlakehouse.streaming.job;

import static org.apache.spark.sql.functions.current_timestamp;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.CheckpointGeneration;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.IdempotentDeltaAppend;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.RedisProgressListener;
import io.iotlakehouse.streaming.io.SparkLineage;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.BronzeTransform;
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
 * Kafka telemetry topic -> Delta bronze table, exactly once. Submit with spark-submit (main) or start from the
 * lakehouse command ({@link #start}).
 */
public final class BronzeJob {
  /** Table properties of bronze. Statistics only on the columns queries filter on: raw bytes get none. */
  static final Map<String, String> TABLE_PROPERTIES = Map.of(
      "delta.dataSkippingStatsColumns", "key,partition,offset,kafka_timestamp,ingest_time",
      "delta.logRetentionDuration", "interval 30 days",
      "delta.checkpointInterval", "20");

  /**
   * Event bytes, offsets and Kafka timestamps are (nearly) unique per row: a Parquet dictionary for them would be
   * built, overflow and be thrown away for every row group.
   */
  static final Map<String, String> WRITE_OPTIONS = Map.of(
      "parquet.enable.dictionary#value", "false",
      "parquet.enable.dictionary#offset", "false",
      "parquet.enable.dictionary#kafka_timestamp", "false");

  private BronzeJob() {}

  /** What the job reads and writes, for lineage. */
  public static SparkLineage.Job lineage(Config config) {
    Lake lake = Lake.from(config);
    return new SparkLineage.Job(Lake.BRONZE_TELEMETRY_QUERY, lake.checkpoint(Lake.BRONZE_TELEMETRY_QUERY),
        List.of(SparkLineage.telemetryTopic(config)), SparkLineage.deltas(lake.bronzeTelemetry()));
  }

  public static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(StreamingKeys.keys());
    return keys;
  }

  public static StreamingQuery start(SparkSession spark, Config config, Trigger trigger) throws TimeoutException {
    Lake lake = Lake.from(config);
    String table = lake.bronzeTelemetry();
    String checkpoint = lake.checkpoint(Lake.BRONZE_TELEMETRY_QUERY);
    DeltaTables.ensure(spark, table, BronzeTransform.SCHEMA, new String[] {"ingest_date"}, TABLE_PROPERTIES);
    RedisProgressListener.register(spark, config); // progress to lh:pipeline:<query> when redis.url is set
    SparkLineage.register(spark, config, lineage(config));
    String appId = Lake.BRONZE_TELEMETRY_QUERY + "-" + CheckpointGeneration.of(spark.sparkContext().hadoopConfiguration(), checkpoint);

    Dataset<Row> kafka = spark.readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", config.get(PlatformKeys.KAFKA_BOOTSTRAP))
        .option("subscribe", config.get(PlatformKeys.TOPIC_TELEMETRY))
        .option("startingOffsets", config.get(StreamingKeys.STARTING_OFFSETS))
        .option("maxOffsetsPerTrigger", config.get(StreamingKeys.BRONZE_MAX_OFFSETS))
        .option("failOnDataLoss", "true")
        .option("kafka.isolation.level", "read_committed")
        .option("kafka.max.partition.fetch.bytes", String.valueOf(8 << 20))
        .option("kafka.fetch.max.bytes", String.valueOf(64 << 20))
        .option("kafka.receive.buffer.bytes", String.valueOf(1 << 20))
        .load();

    return BronzeTransform.toBronze(kafka, current_timestamp())
        .writeStream()
        .queryName(Lake.BRONZE_TELEMETRY_QUERY)
        .option("checkpointLocation", checkpoint)
        .trigger(trigger)
        .foreachBatch(new IdempotentDeltaAppend(table, appId, WRITE_OPTIONS))
        .start();
  }

  /**
   * Runs the job in this JVM until it stops: continuously at the configured trigger interval, or, with
   * {@code availableNow}, over what Kafka holds now. For spark-submit ({@link #main}) and the lakehouse command.
   */
  public static void run(Config config, boolean availableNow) throws TimeoutException, StreamingQueryException {
    ConfigArgs.require(config, PlatformKeys.KAFKA_BOOTSTRAP,
        "the bronze job reads an existing Kafka cluster (start one locally with `lakehouse stack`)");
    SparkSession spark = SparkSessions.create("lakehouse-" + Lake.BRONZE_TELEMETRY_QUERY, config.get(StreamingKeys.SPARK_MASTER));
    Trigger trigger = availableNow
        ? Trigger.AvailableNow()
        : Trigger.ProcessingTime(config.get(StreamingKeys.BRONZE_TRIGGER).toMillis());
    Foreground.await("bronze", start(spark, config, trigger));
  }

  public static void main(String[] args) throws TimeoutException, StreamingQueryException {
    run(ConfigArgs.parse(Foreground.configArgs(args), keys()), Foreground.availableNow(args));
  }
}
