package io.iotlakehouse.bench;

import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.PayloadFormat;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.common.kafka.KafkaClientSecurity;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.edge.io.BufferEvents;
import io.iotlakehouse.edge.io.BufferForwarder;
import io.iotlakehouse.edge.io.EventBuffer;
import io.iotlakehouse.edge.io.KafkaForwarder;
import io.iotlakehouse.edge.io.SqliteEventBuffer;
import io.iotlakehouse.edge.transform.FullPolicy;
import io.iotlakehouse.edge.transform.Outbound;
import io.iotlakehouse.edge.transform.Verdict;
import io.iotlakehouse.simulators.EnvSensor;
import io.iotlakehouse.simulators.SimulatedDevice;
import io.iotlakehouse.simulators.Truck;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import io.iotlakehouse.stack.DevPki;
import io.iotlakehouse.stack.KafkaServer;
import io.iotlakehouse.stack.KafkaTopics;
import io.iotlakehouse.stack.Ports;

/**
 * The gateway's store-and-forward figures, through the real buffer (SQLite, WAL, group commit, fsync per commit) and
 * a real Kafka broker (child JVM):
 * <ol>
 *   <li><b>live</b>: devices' traffic arrives at {@code liveEps} (the offered live load) and flows buffer -> Kafka;
 *       the achieved forward rate is measured (it must keep up);</li>
 *   <li><b>outage</b>: Kafka unreachable (the forwarder is stopped, as it stops claiming when Kafka is away); N events
 *       are appended as fast as the buffer acknowledges them, with up to 8192 unacknowledged at once like the
 *       gateway's MQTT receive window: {@code append_eps};</li>
 *   <li><b>drain</b>: Kafka back (a new forwarder); live traffic keeps arriving at {@code liveEps}; the time until the
 *       buffer is empty gives {@code drain_eps} = entries forwarded / seconds, and {@code drain_ratio} = drain_eps /
 *       live_eps (how many times faster than the site produces the backlog is replayed);</li>
 *   <li><b>local alerts</b> ({@link EdgeAlertBench}): device publish -> local alert on MQTT through the production
 *       gateway and a real broker, {@code alert_p50_ms} / {@code alert_p99_ms};</li>
 *   <li><b>scoring</b> ({@link ScoreBench}, JMH): microseconds per scored event, {@code score_us} (turbofan RUL model)
 *       and {@code score_zscore_us}.</li>
 * </ol>
 */
public final class EdgeBench {
  /**
   * @param drainEps entries forwarded per second from the start of the drain until the backlog was gone (backlog plus
   *     the live traffic that arrived meanwhile)
   * @param producerEps the same Kafka producer settings sending the same records from memory: the ceiling of any drain
   *     on this machine at this moment
   */
  public record Result(long events, double appendEps, double drainEps, double liveEps, double liveForwardedEps,
      double avgGroupCommit, long fileBytes, double drainSeconds, double producerEps, String kafkaSecurity,
      EdgeAlertBench.Results alerts, ScoreBench.Result score) {
    public double drainRatio() {
      return drainEps / liveEps;
    }

    public String toJson() {
      return String.format(Locale.ROOT,
          "{\"bench\":\"edge\",\"events\":%d,\"append_eps\":%.0f,\"drain_eps\":%.0f,\"live_eps\":%.0f,\"drain_ratio\":%.1f,"
              + "\"live_forwarded_eps\":%.0f,\"drain_seconds\":%.2f,\"producer_eps\":%.0f,\"drain_vs_producer\":%.2f,"
              + "\"avg_group_commit\":%.0f,\"buffer_file_mb\":%.1f,\"fsync\":true,\"kafka_security\":\"%s\",\"alert_p50_ms\":%.2f,"
              + "\"alert_p99_ms\":%.2f,\"alert_max_ms\":%.2f,\"alerts\":%d,\"alerts_received\":%d,\"alert_rate\":%.0f,"
              + "\"alert_p50_ms_no_fsync\":%.2f,\"alert_p99_ms_no_fsync\":%.2f,\"alerts_received_no_fsync\":%d,"
              + "\"mqtt_hop_p50_ms\":%.2f,\"mqtt_hop_p99_ms\":%.2f,\"gateway_alerts_within_10ms\":%.4f,"
              + "\"score_us\":%.2f,\"score_us_error\":%.2f,\"score_zscore_us\":%.3f,\"score_cpu_us\":%.2f,\"cores\":%d,"
              + "\"load_avg\":%.1f}",
          events, appendEps, drainEps, liveEps, drainRatio(), liveForwardedEps, drainSeconds, producerEps, drainEps / producerEps,
          avgGroupCommit, fileBytes / 1e6, kafkaSecurity, alerts.fsync().p50Ms(), alerts.fsync().p99Ms(), alerts.fsync().maxMs(),
          alerts.fsync().alerts(), alerts.fsync().received(), alerts.fsync().rate(), alerts.noFsync().p50Ms(),
          alerts.noFsync().p99Ms(), alerts.noFsync().received(), alerts.fsync().hopP50Ms(), alerts.fsync().hopP99Ms(),
          alerts.fsync().gatewayWithin10Ms(), score.rulUs(), score.rulErrorUs(), score.zscoreUs(),
          score.rulCpuUs(), Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  static final int WINDOW = 8192;
  private final Path work;
  private final PrintStream log;
  private String kafkaProtocol = "PLAINTEXT";

  public EdgeBench(Path work, PrintStream log) {
    this.work = work;
    this.log = log;
  }

  /** How the gateway reaches Kafka: PLAINTEXT (default), SSL or SASL_SSL (TLS with the dev PKI, SCRAM-SHA-512). */
  public EdgeBench kafkaSecurity(String protocol) {
    this.kafkaProtocol = protocol;
    return this;
  }

  /** Realistic event bytes (env sensors and trucks from the simulators, Avro), reused round-robin. */
  static final class Traffic {
    final List<String> devices = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();
    final long[] seq;
    long next;

    Traffic() {
      TelemetryCodec codec = new TelemetryCodec();
      List<SimulatedDevice> sims = new ArrayList<>();
      for (int i = 0; i < 100; i++) sims.add(new EnvSensor("env-" + i, i));
      for (int i = 0; i < 500; i++) sims.add(new Truck("truck-" + i, i, 52.5, 13.4));
      long now = System.currentTimeMillis();
      for (int round = 0; round < 8; round++) {
        for (SimulatedDevice d : sims) {
          Payload p = d.next(now + round);
          if (round == 0) devices.add(d.id());
          payloads.add(codec.encodeAvro(new Telemetry(d.id(), round + 1, now + round, p)));
        }
      }
      seq = new long[devices.size()];
    }

    synchronized Outbound next() {
      int d = (int) (next % devices.size());
      byte[] payload = payloads.get((int) (next % payloads.size()));
      next++;
      String id = devices.get(d);
      Telemetry t = new Telemetry(id, ++seq[d], System.currentTimeMillis(), new Payload.Env(0, 0));
      return Outbound.of(new Verdict.Accepted(t, PayloadFormat.AVRO, 2), "devices/x/" + id + "/telemetry", payload,
          System.currentTimeMillis(), 1 << 16);
    }
  }

  /**
   * @param alerts measured local alerts
   * @param alertRate events (= alerts) per second during the alert phase
   */
  public Result run(long events, double liveEps, int alerts, double alertRate) throws Exception {
    if (events < 1000) throw new IllegalArgumentException("--events must be at least 1000");
    Traffic traffic = new Traffic();
    AtomicLong commits = new AtomicLong();
    AtomicLong stored = new AtomicLong();
    BufferEvents counting = new BufferEvents() {
      @Override
      public void committed(int n, long nanos) {
        commits.incrementAndGet();
        stored.addAndGet(n);
      }
    };
    KafkaServer server = new KafkaServer(work.resolve("kafka"), Ports.free(), Ports.free(), "1g", Duration.ofMinutes(3));
    if (!kafkaProtocol.equals("PLAINTEXT")) {
      server.secure(new KafkaServer.Secure(kafkaProtocol, Ports.free(), DevPki.open(work.resolve("pki"))));
    }
    try (KafkaServer kafka = server.start();
        SqliteEventBuffer buffer = new SqliteEventBuffer(new SqliteEventBuffer.Settings(work.resolve("buffer"), 64L << 30,
            GatewayKeys.GROUP_COMMIT_MAX_MESSAGES.parse(GatewayKeys.GROUP_COMMIT_MAX_MESSAGES.defaultText()),
            GatewayKeys.GROUP_COMMIT_MAX_WAIT.parse(GatewayKeys.GROUP_COMMIT_MAX_WAIT.defaultText()), true), counting)) {
      KafkaTopics.ensure(kafka.bootstrapServers(), 4, (short) 1, Set.of("bench-edge", "bench-edge-dlq"));
      // the gateway's way in: the plaintext listener, or the TLS (+SCRAM) one
      KafkaServer.GatewayAccess access = kafka.gatewayAccess()
          .orElse(new KafkaServer.GatewayAccess(kafka.bootstrapServers(), KafkaClientSecurity.PLAINTEXT));
      Map<String, Object> security = access.security().properties("bench");
      java.util.function.Supplier<KafkaForwarder> producers = () -> new KafkaForwarder(access.bootstrapServers(), security,
          "bench-edge", "bench-edge-dlq", "bench-gw", 1 << 16, Duration.ofMinutes(2), "lz4");

      // warm-up: JIT, SQLite cache, producer
      log.println("warming up...");
      append(buffer, traffic, Math.min(events / 5, 100_000));
      BufferForwarder warm = new BufferForwarder(buffer, producers, 20_000).start();
      awaitEmpty(buffer, Duration.ofMinutes(5));
      warm.close();

      log.printf("live: %,.0f events/s offered for 10 s, forwarded to Kafka...%n", liveEps);
      BufferForwarder live = new BufferForwarder(buffer, producers, 20_000).start();
      Pacer pacer = new Pacer(buffer, traffic, liveEps).start();
      Thread.sleep(2000);
      long f0 = live.forwarded();
      long t0 = System.nanoTime();
      Thread.sleep(10_000);
      double liveForwarded = (live.forwarded() - f0) / seconds(t0);
      pacer.stop();
      awaitEmpty(buffer, Duration.ofMinutes(2));
      live.close();

      log.printf("outage: appending %,d events with Kafka unreachable...%n", events);
      long c0 = commits.get();
      long s0 = stored.get();
      double appendSeconds = append(buffer, traffic, events);
      double avgGroup = (double) (stored.get() - s0) / Math.max(1, commits.get() - c0);
      long file = buffer.stats().fileBytes();

      log.printf("drain: Kafka back, %,.0f events/s still arriving...%n", liveEps);
      Pacer during = new Pacer(buffer, traffic, liveEps).start();
      long startMillis = System.currentTimeMillis();
      BufferForwarder drain = new BufferForwarder(buffer, producers, 20_000).start();
      long d0 = System.nanoTime();
      // caught up when the oldest entry Kafka does not have yet arrived after the drain began
      while (true) {
        long oldest = buffer.stats().oldestUnsentMillis();
        if (oldest < 0 || oldest >= startMillis) break;
        if (seconds(d0) > 1800) throw new IllegalStateException("backlog not drained within 30 minutes");
        Thread.sleep(10);
      }
      double drainSeconds = seconds(d0);
      long drained = drain.forwarded();
      during.stop();
      awaitEmpty(buffer, Duration.ofMinutes(2));
      drain.close();

      log.println("baseline: a plain idempotent producer sending the same records from memory...");
      double producerEps = rawProducer(producers.get(), traffic, Math.min(events, 500_000));

      EdgeAlertBench.Results alertResult = new EdgeAlertBench(work, log).run(kafka.bootstrapServers(), alerts, alertRate);
      ScoreBench.Result score = ScoreBench.run(work, log);
      return new Result(events, events / appendSeconds, drained / drainSeconds, liveEps, liveForwarded, avgGroup, file,
          drainSeconds, producerEps, kafkaProtocol, alertResult, score);
    }
  }

  /** Appends n events as fast as the buffer acknowledges them, WINDOW unacknowledged at most; seconds taken. */
  static double append(EventBuffer buffer, Traffic traffic, long n) throws InterruptedException {
    Semaphore window = new Semaphore(WINDOW);
    long t0 = System.nanoTime();
    for (long i = 0; i < n; i++) {
      window.acquire();
      buffer.append(traffic.next(), FullPolicy.BLOCK).whenComplete((o, e) -> window.release());
    }
    window.acquire(WINDOW);
    return seconds(t0);
  }

  /** Records per second of a producer sending n records from memory, 20,000 unacknowledged at most. */
  static double rawProducer(KafkaForwarder producer, Traffic traffic, long n) throws InterruptedException {
    List<Outbound> records = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) records.add(traffic.next());
    Semaphore window = new Semaphore(20_000);
    try {
      producer.awaitMetadata();
      long t0 = System.nanoTime();
      for (long i = 0; i < n; i++) {
        window.acquire();
        producer.send(records.get((int) (i % records.size())), err -> window.release());
      }
      window.acquire(20_000);
      return n / seconds(t0);
    } finally {
      producer.close();
    }
  }

  static void awaitEmpty(EventBuffer buffer, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (buffer.stats().messages() > 0) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("buffer not drained within " + timeout);
      Thread.sleep(20);
    }
  }

  /** Live traffic at a fixed rate, in 10 ms ticks. */
  static final class Pacer {
    private final EventBuffer buffer;
    private final Traffic traffic;
    private final double eps;
    private final Thread thread;
    private volatile boolean running = true;

    Pacer(EventBuffer buffer, Traffic traffic, double eps) {
      this.buffer = buffer;
      this.traffic = traffic;
      this.eps = eps;
      this.thread = new Thread(this::run, "live-traffic");
      this.thread.setDaemon(true);
    }

    Pacer start() {
      thread.start();
      return this;
    }

    private void run() {
      long t0 = System.nanoTime();
      long sent = 0;
      Semaphore window = new Semaphore(WINDOW);
      while (running) {
        long due = (long) ((System.nanoTime() - t0) / 1e9 * eps);
        while (sent < due && running) {
          if (!window.tryAcquire()) break;
          buffer.append(traffic.next(), FullPolicy.BLOCK).whenComplete((o, e) -> window.release());
          sent++;
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
