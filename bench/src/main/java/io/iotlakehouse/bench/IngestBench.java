package io.iotlakehouse.bench;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.stack.KafkaServer;
import io.iotlakehouse.stack.KafkaTopics;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.BronzeJob;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Bronze ingest rate against the raw Kafka consumer rate on the same topic, in one run. Loads N realistic events
 * (the simulators' readings, Avro, gateway headers, written by the gateway's own forwarder) into a fresh topic of an
 * embedded broker, warms both paths up on a smaller topic, then measures (1) a plain KafkaConsumer reading every
 * record and (2) the real bronze job (availableNow) writing every record to a fresh Delta table, start to finish.
 */
public final class IngestBench {
  /**
   * @param sparkSourceEps Spark's Kafka source into a noop sink: the ceiling of any Spark job on this topic
   * @param bronzeBatchMs the bronze query's time split of its last batch (Spark's durationMs)
   */
  public record Result(long events, int partitions, double rawEps, double sparkSourceEps, double bronzeEps, double rawSeconds,
      double bronzeSeconds, long bronzeRows, int batches, double loadEps, Map<String, Long> bronzeBatchMs) {
    public double ratio() {
      return bronzeEps / rawEps;
    }

    public String toJson() {
      StringBuilder split = new StringBuilder();
      bronzeBatchMs.forEach((k, v) -> split.append(split.length() == 0 ? "" : ",").append('"').append(k).append("\":").append(v));
      return String.format(Locale.ROOT,
          "{\"bench\":\"ingest\",\"events\":%d,\"partitions\":%d,\"raw_eps\":%.0f,\"bronze_eps\":%.0f,\"ratio\":%.3f,"
              + "\"spark_source_eps\":%.0f,\"spark_source_ratio\":%.3f,\"bronze_vs_spark_source\":%.3f,"
              + "\"raw_seconds\":%.2f,\"bronze_seconds\":%.2f,\"bronze_rows\":%d,\"bronze_batches\":%d,"
              + "\"bronze_last_batch_ms\":{%s},\"load_eps\":%.0f,\"cores\":%d}",
          events, partitions, rawEps, bronzeEps, ratio(), sparkSourceEps, sparkSourceEps / rawEps, bronzeEps / sparkSourceEps,
          rawSeconds, bronzeSeconds, bronzeRows, batches, split, loadEps, Runtime.getRuntime().availableProcessors());
    }
  }

  private final Path work;
  private final int partitions;
  private final PrintStream log;

  public IngestBench(Path work, int partitions, PrintStream log) {
    this.work = work;
    this.partitions = partitions;
    this.log = log;
  }

  public Result run(long events) throws Exception {
    if (events < 1) throw new IllegalArgumentException("--events must be at least 1");
    try (KafkaServer kafka = new KafkaServer(work.resolve("kafka"), Ports.free(), Ports.free(), "2g", Duration.ofMinutes(3)).start()) {
      String bootstrap = kafka.bootstrapServers();
      long warmupEvents = Math.min(events, 200_000);
      KafkaTopics.ensure(bootstrap, partitions, (short) 1, Set.of("bench-warmup", "bench-ingest"));
      log.printf("loading %,d warm-up events and %,d measured events into %d partitions...%n", warmupEvents, events, partitions);
      BenchTraffic.load(bootstrap, "bench-warmup", warmupEvents);
      long t0 = System.nanoTime();
      BenchTraffic.load(bootstrap, "bench-ingest", events);
      double loadEps = events / seconds(t0);

      SparkSession spark = SparkSessions.create("bench-ingest", "local[2]");
      spark.sparkContext().setLogLevel("WARN");
      try {
        log.println("warming up the raw consumer and the bronze job...");
        BenchTraffic.rawRead(bootstrap, "bench-warmup", warmupEvents);
        sparkSource(spark, bootstrap, "bench-warmup");
        bronze(spark, bootstrap, "bench-warmup", "warmup");

        log.println("measuring the raw consumer...");
        double rawSeconds = BenchTraffic.rawRead(bootstrap, "bench-ingest", events);
        log.println("measuring Spark's Kafka source alone (noop sink)...");
        double sourceSeconds = sparkSource(spark, bootstrap, "bench-ingest");
        log.println("measuring the bronze job...");
        long b0 = System.nanoTime();
        StreamingQuery q = bronze(spark, bootstrap, "bench-ingest", "measured");
        double bronzeSeconds = seconds(b0);
        long rows = spark.read().format("delta").load(work.resolve("lake-measured/bronze/telemetry").toString()).count();
        if (rows != events) throw new IllegalStateException("bronze has " + rows + " rows, expected " + events);
        Map<String, Long> split = new TreeMap<>();
        q.lastProgress().durationMs().forEach((k, v) -> split.put(k, v));
        return new Result(events, partitions, events / rawSeconds, events / sourceSeconds, events / bronzeSeconds, rawSeconds,
            bronzeSeconds, rows, q.recentProgress().length, loadEps, split);
      } finally {
        spark.stop();
      }
    }
  }

  /** Seconds for Spark's Kafka source to deliver every record of the topic to a sink that does nothing. */
  private double sparkSource(SparkSession spark, String bootstrap, String topic) throws Exception {
    Path cp = Files.createTempDirectory(work, "noop-checkpoint");
    long t0 = System.nanoTime();
    StreamingQuery q = spark.readStream().format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", topic)
        .option("startingOffsets", "earliest").load()
        .writeStream().format("noop").option("checkpointLocation", cp.toString()).trigger(Trigger.AvailableNow()).start();
    q.awaitTermination();
    if (q.exception().isDefined()) throw q.exception().get();
    return seconds(t0);
  }

  private StreamingQuery bronze(SparkSession spark, String bootstrap, String topic, String name) throws Exception {
    List<ConfigKey<?>> keys = BronzeJob.keys();
    Path lake = work.resolve("lake-" + name);
    Files.createDirectories(lake);
    Config cfg = Config.load(keys, null, List.of("kafka.bootstrap-servers=" + bootstrap, "kafka.topic.telemetry=" + topic,
        "lake.root=" + lake, "streaming.bronze.max-offsets-per-trigger=10000000"));
    StreamingQuery q = BronzeJob.start(spark, cfg, Trigger.AvailableNow());
    q.awaitTermination();
    if (q.exception().isDefined()) throw q.exception().get();
    return q;
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
