package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.dashboard.DashboardServer;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.edge.GatewayMain;
import io.iotlakehouse.edge.rollout.RolloutKeys;
import io.iotlakehouse.governance.io.LineageRecorder;
import io.iotlakehouse.simulators.Fleet;
import io.iotlakehouse.simulators.SequenceStore;
import io.iotlakehouse.simulators.SimulatorRunner;
import io.iotlakehouse.stack.ChildProcess;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.BronzeJob;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.job.HotPathJob;
import io.iotlakehouse.streaming.job.SilverJob;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The whole loop on one machine: embedded Kafka, MQTT and Redis, simulated devices, a gateway in its own JVM, the
 * streaming jobs in this JVM's Spark, and the dashboard. Progress every few seconds; Ctrl-C stops everything in order (devices, bronze, gateway, brokers).
 * Everything lives under the work folder, so a second run resumes where the first stopped.
 */
final class Demo {
  private final Config config;
  private final PrintStream out;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final boolean lineage;

  Demo(Config config, PrintStream out) {
    this(config, out, false);
  }

  /** With {@code lineage}: also the local Atlas (~40 s more at start, ~0.5 GB) and the lineage recorder. */
  Demo(Config config, PrintStream out, boolean lineage) {
    this.config = config;
    this.out = out;
    this.lineage = lineage;
  }

  /** Requests a clean stop (from a signal handler or another thread). */
  void requestStop() {
    stop.countDown();
  }

  void run(Duration duration) throws Exception {
    Path work = config.get(PlatformKeys.WORK_DIR).toAbsolutePath();
    out.println("Work folder: " + work + " (delete it to start from scratch)");
    out.println("Starting the local stack (Kafka KRaft broker and MQTT broker, each in its own JVM; redis-server)...");
    try (LocalStack stack = LocalStack.start(config)) {
      Config cfg = StackCommand.gatewayConfig(stack);
      out.println("  Kafka " + stack.bootstrapServers() + ", MQTT " + cfg.get(PlatformKeys.MQTT_HOST) + ":" + cfg.get(PlatformKeys.MQTT_PORT)
          + ", Redis " + cfg.get(PlatformKeys.REDIS_URL));
      int issued = stack.issue(TlsRole.DEVICE, Fleet.registrations(cfg).stream().map(Fleet.Registration::deviceId).toList())
          + stack.issue(TlsRole.GATEWAY, List.of(cfg.get(GatewayKeys.GATEWAY_ID)))
          + stack.issue(TlsRole.CONTROLLER, List.of(cfg.get(RolloutKeys.CONTROLLER_ID)));
      out.println("  " + StackCommand.security(stack, cfg) + (issued > 0 ? "; " + issued + " client certificates issued" : ""));

      LineageRecorder recorder = null;
      if (lineage) {
        out.println("Starting Atlas and the lineage recorder...");
        String atlasUrl = stack.atlasUrl();
        recorder = new LineageRecorder(cfg, LineageCommand.atlas(cfg, atlasUrl)).start();
        out.println("  Atlas web UI: " + atlasUrl + "/index.html (admin/admin); trace with `lakehouse lineage trace gold.asset_health`");
      }

      List<String> jvm = List.of("-Xmx384m", "-XX:+UseSerialGC");
      ChildProcess gateway = ChildProcess.startJvm("gateway", System.getProperty("java.class.path"), GatewayMain.class.getName(), jvm,
          cfg.asArgs(GatewayMain.keys()), work.resolve("logs/gateway.log"));
      awaitLine(gateway, "gateway started", Duration.ofSeconds(60));
      out.println("  gateway running (pid " + gateway.pid() + "), log " + gateway.log());

      out.println("Starting Spark, the reference tables and the streaming jobs...");
      SparkSession spark = SparkSessions.create("lakehouse-demo", cfg.get(StreamingKeys.SPARK_MASTER));
      spark.sparkContext().setLogLevel("WARN");
      ReferenceSeed.Result seeded = ReferenceSeed.seed(spark, cfg, Duration.ofHours(48), Duration.ofHours(48));
      SilverJob.Paths paths = SilverJob.Paths.from(cfg);
      out.println("  reference tables: " + seeded.devices() + " new devices in " + paths.registry() + ", "
          + seeded.weatherHours() + " new weather hours in " + paths.weather());
      String gold = Lake.from(cfg).root() + "/gold";
      List<StreamingQuery> queries = new ArrayList<>();
      queries.add(BronzeJob.start(spark, cfg, Trigger.ProcessingTime(cfg.get(StreamingKeys.BRONZE_TRIGGER).toMillis())));
      queries.add(SilverJob.start(spark, cfg, Trigger.ProcessingTime(cfg.get(SilverKeys.TRIGGER).toMillis())));
      queries.add(GoldJob.start(spark, cfg, Trigger.ProcessingTime(cfg.get(GoldKeys.TRIGGER).toMillis())));
      queries.add(HotPathJob.start(spark, cfg, HotPathJob.trigger(cfg)));
      out.println("  bronze " + paths.bronze() + "\n  silver " + paths.silver() + " (+ quarantine, duplicates)"
          + "\n  gold   " + gold + " (sensor_rolling_5m, turbofan_health, asset_health, fleet_kpis_hourly, late_events)"
          + "\n  hot path: alerts and device state in Redis, alerts on topic " + cfg.get(PlatformKeys.TOPIC_ALERTS));

      try (Progress progress = new Progress(spark, cfg, paths, gold + "/" + DashboardServer.GOLD_TABLE); DashboardServer dashboard = DashboardServer.start(cfg)) {
        out.println("Dashboard: " + dashboard.url() + "  (fleet, alerts, pipeline health, rolling 5-minute averages)");
        SimulatorRunner devices = SimulatorRunner.start(cfg, cfg.get(PlatformKeys.MQTT_HOST), cfg.get(PlatformKeys.MQTT_PORT),
            new SequenceStore(work.resolve("simulators/sequences.properties")));
        out.println("Devices publishing. " + (duration == null ? "Ctrl-C stops everything cleanly." : "Running for " + duration.toSeconds() + " s."));

        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (!stop.await(5, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
          for (StreamingQuery q : queries) if (q.exception().isDefined()) throw q.exception().get();
          out.println(progress.line(devices.published()));
        }
        out.println("Stopping: devices...");
        devices.close();
        progress.awaitCaughtUp(devices.published(), Duration.ofMinutes(3));
        out.println(progress.line(devices.published()));
      }
      out.println("Stopping: streaming jobs, gateway, brokers...");
      for (StreamingQuery q : queries) q.stop();
      spark.stop();
      gateway.close();
      if (recorder != null) recorder.close();
    }
    out.println("Stopped. Run the same command again to resume.");
  }

  private static void awaitLine(ChildProcess child, String line, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!child.logTail(200).contains(line)) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(child.name() + " did not start; last lines of " + child.log() + ":\n" + child.logTail(30));
      }
      Thread.sleep(200);
    }
  }

  /** Counts for the progress line: devices (this run), Kafka end offsets, bronze rows, dead letters. */
  private static final class Progress implements AutoCloseable {
    private final SparkSession spark;
    private final SilverJob.Paths paths;
    private final String goldRolling;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> telemetry = new ArrayList<>();
    private final List<TopicPartition> deadLetter = new ArrayList<>();
    /** Telemetry in Kafka before this run's devices started. */
    private final long initialKafka;
    private long lastPublished;
    private long lastNanos = System.nanoTime();

    Progress(SparkSession spark, Config cfg, SilverJob.Paths paths, String goldRolling) {
      this.spark = spark;
      this.paths = paths;
      this.goldRolling = goldRolling;
      this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", cfg.get(PlatformKeys.KAFKA_BOOTSTRAP)),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());
      partitions(cfg.get(PlatformKeys.TOPIC_TELEMETRY), telemetry);
      partitions(cfg.get(PlatformKeys.TOPIC_DEAD_LETTER), deadLetter);
      this.initialKafka = endOffsets(telemetry);
    }

    /** Gives the pipeline a moment to land what devices published, so the last line is complete. */
    void awaitCaughtUp(long published, Duration max) throws InterruptedException {
      long deadline = System.nanoTime() + max.toNanos();
      while (System.nanoTime() < deadline) {
        long kafka = endOffsets(telemetry);
        long bronze = count(paths.bronze());
        if (kafka >= initialKafka + published && bronze >= kafka
            && count(paths.silver()) + count(paths.quarantine()) + count(paths.duplicates()) >= bronze) return;
        Thread.sleep(1000);
      }
    }

    private void partitions(String topic, List<TopicPartition> into) {
      consumer.partitionsFor(topic).forEach(p -> into.add(new TopicPartition(topic, p.partition())));
    }

    private long count(String table) {
      return spark.read().format("delta").load(table).count();
    }

    private long endOffsets(List<TopicPartition> parts) {
      return consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }

    String line(long published) {
      long now = System.nanoTime();
      double rate = (published - lastPublished) / Math.max(1e-9, (now - lastNanos) / 1e9);
      lastPublished = published;
      lastNanos = now;
      long kafka = endOffsets(telemetry);
      long bronze = count(paths.bronze());
      return String.format("%s  published %,d (%,.0f/s) | Kafka %,d | bronze %,d | silver %,d, quarantine %,d, "
              + "duplicates %,d | gold windows %,d | dead letters %,d",
          LocalTime.now().truncatedTo(ChronoUnit.SECONDS), published, rate, kafka, bronze, count(paths.silver()),
          count(paths.quarantine()), count(paths.duplicates()), count(goldRolling), endOffsets(deadLetter));
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
