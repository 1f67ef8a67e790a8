package io.iotlakehouse.bench;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.stack.KafkaServer;
import io.iotlakehouse.stack.KafkaTopics;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.BronzeJob;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.job.SilverJob;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The whole medallion (Kafka -> bronze -> silver -> gold, the real jobs) against the raw Kafka consumer on the same
 * topic, in one run. Loads N realistic events (the simulators' readings as the gateway writes them), warms up on a
 * smaller topic, then measures a plain KafkaConsumer reading every record, and the three jobs catching up on the
 * topic one after the other (Trigger.AvailableNow, one lake). The medallion rate is N / (bronze + silver + gold
 * seconds): every event carried from Kafka into gold.
 */
public final class MedallionBench {
  public record Result(long events, int partitions, double rawEps, Map<String, Double> stageSeconds, long bronzeRows,
      long silverRows, long goldRollingRows, long goldHealthRows, long goldKpiRows) {
    public double medallionSeconds() {
      return stageSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double goldEps() {
      return events / medallionSeconds();
    }

    public double ratio() {
      return goldEps() / rawEps;
    }

    public String toJson() {
      StringBuilder stages = new StringBuilder();
      stageSeconds.forEach((k, v) -> stages.append(String.format(Locale.ROOT, ",\"%s_stage_eps\":%.0f,\"%s_seconds\":%.2f",
          k, events / v, k, v)));
      return String.format(Locale.ROOT,
          "{\"bench\":\"medallion\",\"events\":%d,\"partitions\":%d,\"raw_eps\":%.0f,\"gold_eps\":%.0f,\"ratio\":%.3f%s,"
              + "\"medallion_seconds\":%.2f,\"bronze_rows\":%d,\"silver_rows\":%d,\"gold_rolling_rows\":%d,"
              + "\"gold_health_rows\":%d,\"gold_kpi_rows\":%d,\"cores\":%d}",
          events, partitions, rawEps, goldEps(), ratio(), stages, medallionSeconds(), bronzeRows, silverRows,
          goldRollingRows, goldHealthRows, goldKpiRows, Runtime.getRuntime().availableProcessors());
    }
  }

  private final Path work;
  private final int partitions;
  private final PrintStream log;

  public MedallionBench(Path work, int partitions, PrintStream log) {
    this.work = work;
    this.partitions = partitions;
    this.log = log;
  }

  public Result run(long events) throws Exception {
    if (events < 1) throw new IllegalArgumentException("--events must be at least 1");
    try (KafkaServer kafka = new KafkaServer(work.resolve("kafka"), Ports.free(), Ports.free(), "2g", Duration.ofMinutes(3)).start()) {
      String bootstrap = kafka.bootstrapServers();
      long warmupEvents = Math.min(events, 50_000);
      KafkaTopics.ensure(bootstrap, partitions, (short) 1, Set.of("bench-warmup", "bench-medallion"));
      log.printf("loading %,d warm-up events and %,d measured events into %d partitions...%n", warmupEvents, events, partitions);
      BenchTraffic.load(bootstrap, "bench-warmup", warmupEvents);
      BenchTraffic.load(bootstrap, "bench-medallion", events);

      SparkSession spark = SparkSessions.create("bench-medallion", "local[2]");
      spark.sparkContext().setLogLevel("WARN");
      try {
        log.println("warming up the raw consumer and the three jobs...");
        BenchTraffic.rawRead(bootstrap, "bench-warmup", warmupEvents);
        medallion(spark, config(bootstrap, "bench-warmup", "warmup"));

        log.println("measuring the raw consumer...");
        double rawSeconds = BenchTraffic.rawRead(bootstrap, "bench-medallion", events);
        log.println("measuring bronze -> silver -> gold...");
        Config cfg = config(bootstrap, "bench-medallion", "measured");
        Map<String, Double> stages = medallion(spark, cfg);
        Path lake = work.resolve("lake-measured");
        long bronze = count(spark, lake.resolve("bronze/telemetry"));
        long silver = count(spark, lake.resolve("silver/telemetry"));
        long quarantine = count(spark, lake.resolve("silver/quarantine"));
        if (bronze != events || silver + quarantine + count(spark, lake.resolve("silver/duplicates")) != events) {
          throw new IllegalStateException("counts do not reconcile: " + events + " events, bronze " + bronze + ", silver "
              + silver + ", quarantine " + quarantine);
        }
        return new Result(events, partitions, events / rawSeconds, stages, bronze, silver,
            count(spark, lake.resolve("gold/sensor_rolling_5m")), count(spark, lake.resolve("gold/turbofan_health")),
            count(spark, lake.resolve("gold/fleet_kpis_hourly")));
      } finally {
        spark.stop();
      }
    }
  }

  private Config config(String bootstrap, String topic, String name) throws java.io.IOException {
    Path lake = work.resolve("lake-" + name);
    Files.createDirectories(lake);
    List<ConfigKey<?>> keys = new ArrayList<>(BronzeJob.keys());
    keys.addAll(SilverKeys.keys());
    keys.addAll(GoldKeys.keys());
    return Config.load(keys, null, List.of("kafka.bootstrap-servers=" + bootstrap, "kafka.topic.telemetry=" + topic,
        "lake.root=" + lake, "streaming.bronze.max-offsets-per-trigger=10000000"));
  }

  /** Seconds per stage, each catching up on everything its input holds. */
  private Map<String, Double> medallion(SparkSession spark, Config cfg) throws Exception {
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("bronze", timed(() -> BronzeJob.start(spark, cfg, Trigger.AvailableNow())));
    seconds.put("silver", timed(() -> SilverJob.start(spark, cfg, Trigger.AvailableNow())));
    seconds.put("gold", timed(() -> GoldJob.start(spark, cfg, Trigger.AvailableNow())));
    log.printf(Locale.ROOT, "  bronze %.1f s, silver %.1f s, gold %.1f s%n", seconds.get("bronze"), seconds.get("silver"),
        seconds.get("gold"));
    return seconds;
  }

  private interface Start {
    StreamingQuery start() throws TimeoutException;
  }

  /** Seconds from starting the query (table setup included) until it has processed everything and stopped. */
  private static double timed(Start job) throws TimeoutException, org.apache.spark.sql.streaming.StreamingQueryException {
    long t0 = System.nanoTime();
    StreamingQuery q = job.start();
    q.awaitTermination();
    if (q.exception().isDefined()) throw q.exception().get();
    return IngestBench.seconds(t0);
  }

  private static long count(SparkSession spark, Path table) {
    return spark.read().format("delta").load(table.toString()).count();
  }
}
