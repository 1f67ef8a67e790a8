package io.iotlakehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.common.hot.RedisLayout;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.Gateway;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.simulators.DeviceClients;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.StackKeys;
import io.iotlakehouse.streaming.HotPathKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.HotPathJob;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * End-to-end alert latency of the hot path on the real local stack: device publish over MQTT (QoS 1, Avro) -> MQTT
 * broker -> edge gateway -> Kafka -> hot path job -> Redis PUBLISH on {@code lh:alerts:live}. Every event trips
 * {@code env.overheat} (temperature 60 °C), its event_time is the publish wall-clock time, and events go out at a
 * steady rate, so the figure is latency, not queueing. Latency = arrival on the Redis channel - event_time, both read
 * from this JVM's clock.
 */
public final class HotPathBench {
  public record Result(int alerts, int received, long p50Ms, long p90Ms, long p99Ms, long maxMs, double meanMs, long minMs,
      long triggerMs, double ratePerSecond, int devices, int batches, double batchMsMean, Map<String, Long> batchSplitMs) {
    public int lost() {
      return alerts - received;
    }

    public String toJson() {
      return String.format(Locale.ROOT,
          "{\"bench\":\"hotpath\",\"alerts\":%d,\"received\":%d,\"lost\":%d,\"p50_ms\":%d,\"p90_ms\":%d,\"p99_ms\":%d,"
              + "\"max_ms\":%d,\"min_ms\":%d,\"mean_ms\":%.1f,\"trigger_ms\":%d,\"rate_per_s\":%.1f,\"devices\":%d,"
              + "\"batches_with_rows\":%d,\"batch_ms_mean\":%.1f,\"batch_split_ms_mean\":{%s},\"cores\":%d}",
          alerts, received, lost(), p50Ms, p90Ms, p99Ms, maxMs, minMs, meanMs, triggerMs, ratePerSecond, devices, batches,
          batchMsMean, split(), Runtime.getRuntime().availableProcessors());
    }

    private String split() {
      StringBuilder b = new StringBuilder();
      batchSplitMs.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append('"').append(k).append("\":").append(v));
      return b.toString();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WARM_DEVICE = "bench-warm";
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private final Path work;
  private final Config base;
  private final double rate;
  private final Duration warmup;
  private final PrintStream log;
  private final Map<String, Long> latency = new ConcurrentHashMap<>();
  private final AtomicInteger warmAlerts = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();

  /**
   * @param base config whose hot path keys (trigger interval, max offsets...) are used; services are always embedded
   *     and fresh, under {@code work}
   * @param rate events (= alerts) per second
   * @param warmup how long to publish at {@code rate} after the first alert, before measuring (JIT, Spark codegen)
   */
  public HotPathBench(Path work, Config base, double rate, Duration warmup, PrintStream log) {
    this.work = work;
    this.base = base;
    this.rate = rate;
    this.warmup = warmup;
    this.log = log;
  }

  public Result run(int alerts) throws Exception {
    if (alerts < 1) throw new IllegalArgumentException("alerts must be at least 1");
    Config cfg = base.with(PlatformKeys.WORK_DIR, work.toString())
        .with(StreamingKeys.LAKE_ROOT, work.resolve("lake").toString())
        .with(PlatformKeys.KAFKA_BOOTSTRAP, "").with(PlatformKeys.MQTT_HOST, "").with(PlatformKeys.REDIS_URL, "")
        .with(StackKeys.KAFKA_PORT, Integer.toString(Ports.free()))
        .with(StackKeys.KAFKA_CONTROLLER_PORT, Integer.toString(Ports.free()))
        .with(PlatformKeys.MQTT_PORT, Integer.toString(Ports.free()))
        .with(StackKeys.KAFKA_SECURE_PORT, Integer.toString(Ports.free()))
        .with(StackKeys.REDIS_PORT, Integer.toString(Ports.free()))
        .with(GatewayKeys.METRICS_PORT, "0"); // the bench reads no metrics; a running gateway may hold the default port
    long triggerMs = cfg.get(HotPathKeys.TRIGGER).toMillis();
    log.printf("starting Kafka, MQTT and Redis (fresh, under %s)...%n", work);
    try (LocalStack stack = LocalStack.start(cfg)) {
      cfg = stack.config();
      int devices = Math.max(1, Math.min(10, alerts));
      List<String> deviceIds = new ArrayList<>(List.of(WARM_DEVICE));
      for (int d = 0; d < devices; d++) deviceIds.add("bench-env-" + d);
      stack.issue(TlsRole.DEVICE, deviceIds); // MQTT over TLS: each device with its own certificate
      stack.issue(TlsRole.GATEWAY, List.of(cfg.get(GatewayKeys.GATEWAY_ID)));
      String redisUrl = cfg.get(PlatformKeys.REDIS_URL);
      try (Gateway gateway = new Gateway(cfg).start(); Subscriber sub = new Subscriber(redisUrl)) {
        SparkSession spark = SparkSessions.create("bench-hotpath", cfg.get(StreamingKeys.SPARK_MASTER));
        spark.sparkContext().setLogLevel("WARN");
        StreamingQuery q = null;
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        try {
          log.printf("starting the hot path (trigger %d ms)...%n", triggerMs);
          q = HotPathJob.start(spark, cfg, HotPathJob.trigger(cfg));
          String host = cfg.get(PlatformKeys.MQTT_HOST);
          int port = cfg.get(PlatformKeys.MQTT_PORT);
          Mqtt5AsyncClient warm = connect(cfg, WARM_DEVICE, host, port);
          clients.add(warm);
          List<Mqtt5AsyncClient> measured = new ArrayList<>();
          for (int d = 0; d < devices; d++) measured.add(connect(cfg, "bench-env-" + d, host, port));
          clients.addAll(measured);

          log.printf("warming up: publishing until the first alert arrives, then %d s at the measured rate...%n", warmup.toSeconds());
          TelemetryCodec codec = new TelemetryCodec();
          long warmSeq = 0;
          long deadline = System.currentTimeMillis() + Duration.ofMinutes(3).toMillis();
          while (warmAlerts.get() == 0) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("no alert within 3 minutes of warm-up");
            publish(codec, warm, WARM_DEVICE, ++warmSeq);
            Thread.sleep(250);
          }
          long warmEnd = System.currentTimeMillis() + warmup.toMillis();
          while (System.currentTimeMillis() < warmEnd) {
            publish(codec, warm, WARM_DEVICE, ++warmSeq);
            Thread.sleep((long) (1000 / rate));
          }

          log.printf("measuring: %d alerts at %.0f/s from %d devices...%n", alerts, rate, devices);
          long[] seqs = new long[devices];
          AtomicLong sent = new AtomicLong();
          ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
          long periodMicros = Math.max(1, (long) (1_000_000 / rate));
          CompletableFuture<Void> done = new CompletableFuture<>();
          ticker.scheduleAtFixedRate(() -> {
            long i = sent.get();
            if (i >= alerts) {
              done.complete(null);
              return;
            }
            int d = (int) (i % devices);
            try {
              publish(codec, measured.get(d), "bench-env-" + d, ++seqs[d]);
            } catch (RuntimeException e) {
              done.completeExceptionally(e);
            }
            sent.incrementAndGet();
          }, 0, periodMicros, TimeUnit.MICROSECONDS);
          long lastReport = System.currentTimeMillis();
          while (!done.isDone()) {
            Thread.sleep(200);
            if (System.currentTimeMillis() - lastReport >= 5000) {
              lastReport = System.currentTimeMillis();
              log.printf("published %d/%d, alerts received %d, p99 so far %d ms%n", sent.get(), alerts, latency.size(),
                  percentile(sorted(), 0.99));
            }
          }
          ticker.shutdownNow();
          done.join();
          long drainUntil = System.currentTimeMillis() + DRAIN.toMillis();
          while (latency.size() < alerts && System.currentTimeMillis() < drainUntil) Thread.sleep(100);
          long[] l = sorted();
          log.printf("published %d/%d, alerts received %d%s%n", sent.get(), alerts, l.length,
              duplicates.get() > 0 ? " (" + duplicates.get() + " duplicate publishes ignored)" : "");
          int batches = 0;
          double batchMs = 0;
          Map<String, Long> split = new java.util.TreeMap<>();
          for (StreamingQueryProgress p : q.recentProgress()) {
            if (p.numInputRows() == 0) continue;
            batches++;
            batchMs += p.batchDuration();
            p.durationMs().forEach((k, v) -> split.merge(k, v, Long::sum));
          }
          int n = Math.max(1, batches);
          split.replaceAll((k, v) -> v / n);
          return new Result(alerts, l.length, percentile(l, 0.50), percentile(l, 0.90), percentile(l, 0.99),
              l.length == 0 ? -1 : l[l.length - 1], Arrays.stream(l).average().orElse(-1), l.length == 0 ? -1 : l[0],
              triggerMs, rate, devices, batches, batches == 0 ? 0 : batchMs / batches, split);
        } finally {
          clients.forEach(c -> c.disconnect());
          if (q != null) q.stop();
          spark.stop();
        }
      }
    }
  }

  static Mqtt5AsyncClient connect(Config cfg, String id, String host, int port) {
    Mqtt5AsyncClient c = DeviceClients.builder(cfg, id, host, port).buildAsync();
    c.connectWith().cleanStart(true).keepAlive(30).send().orTimeout(30, TimeUnit.SECONDS).join();
    return c;
  }

  /** One event that trips env.overheat, stamped with the publish time. */
  private static void publish(TelemetryCodec codec, Mqtt5AsyncClient client, String device, long seq) {
    Telemetry t = new Telemetry(device, seq, System.currentTimeMillis(), new Payload.Env(60.0, 50.0));
    client.publishWith().topic("devices/env/" + device + "/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(codec.encodeAvro(t))
        .send();
  }

  private long[] sorted() {
    return latency.values().stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** Nearest-rank percentile; -1 when empty. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) return -1;
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Subscribes to lh:alerts:live on its own thread and records each measured alert's latency once. */
  private final class Subscriber extends JedisPubSub implements AutoCloseable {
    private final Thread thread;

    Subscriber(String url) throws InterruptedException {
      thread = new Thread(() -> {
        try (Jedis j = new Jedis(URI.create(url))) {
          j.subscribe(this, RedisLayout.ALERTS_CHANNEL);
        }
      }, "bench-alerts-subscriber");
      thread.setDaemon(true);
      thread.start();
      long deadline = System.currentTimeMillis() + 10_000;
      while (!isSubscribed() && System.currentTimeMillis() < deadline) Thread.sleep(20);
    }

    @Override
    public void onMessage(String channel, String message) {
      long arrived = System.currentTimeMillis();
      try {
        JsonNode a = JSON.readTree(message);
        if (a.get("device_id").asText().equals(WARM_DEVICE)) {
          warmAlerts.incrementAndGet();
          return;
        }
        if (latency.putIfAbsent(a.get("alert_id").asText(), arrived - a.get("event_time").asLong()) != null) {
          duplicates.incrementAndGet();
        }
      } catch (Exception e) {
        log.println("unreadable alert on " + channel + ": " + message);
      }
    }

    @Override
    public void close() {
      if (isSubscribed()) unsubscribe();
    }
  }
}
