package io.iotlakehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.io.SqliteEventBuffer;
import io.iotlakehouse.edge.transform.Outbound;
import io.iotlakehouse.edge.transform.SeqRangeSet;
import io.iotlakehouse.simulators.Fleet;
import io.iotlakehouse.simulators.SequenceStore;
import io.iotlakehouse.simulators.SimulatedDevice;
import io.iotlakehouse.simulators.SimulatorKeys;
import io.iotlakehouse.simulators.SimulatorRunner;
import io.iotlakehouse.stack.ChildProcess;
import io.iotlakehouse.stack.DevPki;
import io.iotlakehouse.stack.KafkaServer;
import io.iotlakehouse.stack.KafkaTopics;
import io.iotlakehouse.stack.MqttServer;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.StackKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault tests of the store-and-forward buffer with real brokers: Kafka (KRaft, child JVM) is stopped while devices
 * publish and started again; a gateway in its own JVM is killed with SIGKILL during the outage; the disk budget runs
 * out under drop-oldest and under block. Every check is on (device_id, seq): what the simulated devices published
 * (the broker acknowledged) against what Kafka holds from that gateway. As in the local stack, devices and gateways
 * connect to MQTT over TLS with their certificates, and gateways to Kafka over SASL_SSL.
 */
class GatewayBufferIT {
  @TempDir static Path work;
  static int kafkaPort;
  static int controllerPort;
  static int kafkaSecurePort;
  static KafkaServer kafka;
  static MqttServer mqtt;
  static DevPki pki;
  static Config base;
  static final SequenceStore SEQUENCES = new SequenceStore(null);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startBrokers() {
    kafkaPort = Ports.free();
    controllerPort = Ports.free();
    kafkaSecurePort = Ports.free();
    pki = DevPki.open(work.resolve("pki"));
    startKafka();
    mqtt = new MqttServer(work.resolve("mqtt"), Ports.free(), Duration.ofMinutes(3),
        MqttServer.Tls.of(pki, Config.defaults(StackKeys.keys()))).start();
    List<ConfigKey<?>> keys = new ArrayList<>(GatewayMain.keys());
    keys.addAll(SimulatorKeys.keys());
    // devices and gateways over MQTT/TLS with their certificates, gateways to Kafka over SASL_SSL
    KafkaServer.GatewayAccess access = kafka.gatewayAccess().orElseThrow();
    base = KafkaUplink.apply(Config.load(keys, null, List.of("lakehouse.work-dir=" + work,
        "kafka.bootstrap-servers=" + kafka.bootstrapServers(), "mqtt.host=" + mqtt.host(), "mqtt.port=" + mqtt.port(),
        "mqtt.tls.ca-file=" + pki.caFile(), "mqtt.tls.identity-dir=" + pki.dir(), "edge.metrics.port=0",
        "simulators.env.count=3", "simulators.trucks.count=3", "simulators.turbofans.count=0",
        "simulators.rate-hz=0", "simulators.format=mixed")), access.bootstrapServers(), access.security());
    TestStack.issue(pki, base, "gw-outage", "gw-kill", "gw-drop", "gw-block");
    KafkaTopics.ensure(kafka.bootstrapServers(), 4, (short) 1,
        Set.of(base.get(PlatformKeys.TOPIC_TELEMETRY), base.get(PlatformKeys.TOPIC_DEAD_LETTER)));
  }

  @AfterAll
  static void stopBrokers() {
    if (mqtt != null) mqtt.close();
    if (kafka != null) kafka.close();
  }

  static void startKafka() {
    kafka = new KafkaServer(work.resolve("kafka"), kafkaPort, controllerPort, "512m", Duration.ofMinutes(3))
        .secure(new KafkaServer.Secure("SASL_SSL", kafkaSecurePort, pki)).start();
  }

  static void stopKafka() {
    kafka.close();
    kafka = null;
  }

  @Test
  void kafkaOutageWhileDevicesPublishLosesNothing() throws Exception {
    Config cfg = gateway("gw-outage").with(SimulatorKeys.EVENTS_PER_DEVICE, "1500");
    Published published;
    try (Gateway g = new Gateway(cfg).start()) {
      Map<String, Long> before = Published.beforeOf(cfg);
      SimulatorRunner sim = SimulatorRunner.start(cfg, mqtt.host(), mqtt.port(), SEQUENCES);
      await().atMost(Duration.ofMinutes(2)).until(() -> g.forwarded() >= 1000);
      stopKafka(); // mid-stream: entries in the producer when Kafka goes away are handed back to the buffer
      try {
        assertThat(sim.awaitDone(Duration.ofMinutes(3))).isTrue();
        sim.close();
        assertThat(sim.failed()).isZero();
        Published pub = Published.since(before, sim.published());
        published = pub;
        // every message is acknowledged to its device once durably buffered, although Kafka is down
        await().atMost(Duration.ofMinutes(2)).until(() -> g.acknowledged() >= pub.count());
        assertThat(metric(g.metricsPort(), "edge_kafka_connected")).isZero();
        long buffered = g.bufferStats().messages();
        assertThat(buffered).isPositive();
        assertThat(metric(g.metricsPort(), "edge_buffer_messages")).isEqualTo(buffered);
        // sustained
        await().atMost(Duration.ofMinutes(1)).until(() -> metric(g.metricsPort(), "edge_buffer_oldest_unsent_age_seconds") >= 30);
        assertThat(g.bufferStats().messages()).isEqualTo(buffered);
        assertThat(heartbeat("gw-outage")).contains("\"status\":\"online\"").contains("\"kafka_connected\":false")
            .contains("\"buffer_messages\":" + buffered);
        System.out.printf("GatewayBufferIT outage: %d of %d events buffered while Kafka was down, %.0f producer resets%n",
            buffered, pub.count(), metric(g.metricsPort(), "edge_kafka_producer_resets_total"));
      } finally {
        startKafka();
      }
      long t0 = System.nanoTime();
      await().atMost(Duration.ofMinutes(3)).until(() -> g.bufferStats().messages() == 0);
      System.out.printf("GatewayBufferIT outage: buffer drained %.1f s after Kafka was ready%n", (System.nanoTime() - t0) / 1e9);
      await().atMost(Duration.ofSeconds(30)).until(() -> metric(g.metricsPort(), "edge_kafka_connected") == 1);
      assertThat(metric(g.metricsPort(), "edge_forwarded_total")).isGreaterThanOrEqualTo(published.count());
    }
    Delivered d = delivered("gw-outage");
    report("outage", published, d);
    assertThat(d.distinct()).isEqualTo(published.seqs());
  }

  @Test
  void killDashNineDuringTheOutageAndDuringTheReplayLosesNothing() throws Exception {
    int port = Ports.free();
    Config cfg = gateway("gw-kill").with(GatewayKeys.METRICS_PORT, Integer.toString(port))
        .with(SimulatorKeys.EVENTS_PER_DEVICE, "2000");
    ChildProcess child = startChild(cfg, "gw-kill-1");
    Published published = null;
    try {
      stopKafka();
      try {
        Map<String, Long> before = Published.beforeOf(cfg);
        SimulatorRunner sim = SimulatorRunner.start(cfg, mqtt.host(), mqtt.port(), SEQUENCES);
        // kill while messages are still streaming in: some committed, some received but not yet acknowledged
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
            .until(() -> metric(port, "edge_buffer_messages") >= 1500);
        child.kill();
        assertThat(sim.awaitDone(Duration.ofMinutes(3))).isTrue();
        sim.close();
        assertThat(sim.failed()).isZero();
        Published pub = Published.since(before, sim.published());
        published = pub;
        child = startChild(cfg, "gw-kill-2");
        // redelivered messages it had already buffered are recognised by seq: the buffer holds each event once
        await().atMost(Duration.ofMinutes(2)).until(() -> metric(port, "edge_buffer_messages") == pub.count());
        assertThat(metric(port, "edge_kafka_connected")).isZero();
      } finally {
        startKafka();
      }
      // and once more as soon as the replay starts: entries Kafka has but the buffer had not yet released are sent
      // again by the next start (counted below as duplicates in Kafka; silver dedupes them)
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> metric(port, "edge_forwarded_total") >= 1);
      child.kill();
      child = startChild(cfg, "gw-kill-3");
      await().atMost(Duration.ofMinutes(3)).until(() -> metric(port, "edge_buffer_messages") == 0);
    } finally {
      child.stop(Duration.ofSeconds(20));
    }
    Delivered d = delivered("gw-kill");
    report("kill -9", published, d);
    assertThat(d.distinct()).isEqualTo(published.seqs());
  }

  @Test
  void fullBufferDropsTheOldestTelemetryCountedExactlyAndBlocksBillingDataWithoutLoss() throws Exception {
    // one outage, two gateways: env sensors under drop-oldest, trucks under block, each with a 64 KiB budget
    Config drop = gateway("gw-drop").with(GatewayKeys.TOPIC_FILTER, "devices/env/+/telemetry")
        .with(GatewayKeys.BUFFER_MAX_BYTES, "64KiB").with(GatewayKeys.MAX_PAYLOAD, "2KiB")
        .with(GatewayKeys.BUFFER_POLICIES, "devices/env/#=drop-oldest").with(SimulatorKeys.EVENTS_PER_DEVICE, "500");
    Config block = gateway("gw-block").with(GatewayKeys.TOPIC_FILTER, "devices/truck/+/telemetry")
        .with(GatewayKeys.BUFFER_MAX_BYTES, "64KiB").with(GatewayKeys.MAX_PAYLOAD, "2KiB")
        .with(GatewayKeys.BUFFER_FULL_POLICY, "block");
    Published published;
    long dropped;
    try (Gateway gd = new Gateway(drop).start(); Gateway gb = new Gateway(block).start()) {
      stopKafka();
      try {
        Published pub = publish(drop);
        published = pub;
        await().atMost(Duration.ofMinutes(2)).until(() -> metric(gb.metricsPort(), "edge_buffer_blocked") == 1);
        await().atMost(Duration.ofMinutes(2)).until(() -> gd.acknowledged() >= pub.count(Kind.ENV));
        assertThat(gd.bufferStats().bytes()).isLessThanOrEqualTo(64 << 10);
        assertThat(gb.bufferStats().bytes()).isLessThanOrEqualTo(64 << 10);
        assertThat(gb.acknowledged()).isLessThan(published.count(Kind.TRUCK)); // the broker holds the rest
        dropped = (long) metric(gd.metricsPort(), "edge_dropped_total");
        assertThat(dropped).isGreaterThan(published.count(Kind.ENV) / 2);
        assertThat(metric(gb.metricsPort(), "edge_dropped_total")).isZero();
      } finally {
        startKafka();
      }
      Published pub = published;
      await().atMost(Duration.ofMinutes(3)).until(() -> gd.bufferStats().messages() == 0 && gb.bufferStats().messages() == 0
          && gb.acknowledged() >= pub.count(Kind.TRUCK));
      await().atMost(Duration.ofMinutes(1)).until(() -> gb.bufferStats().messages() == 0);
    }
    Delivered env = delivered("gw-drop");
    Delivered trucks = delivered("gw-block");
    report("drop-oldest", published.only(Kind.ENV), env);
    report("block", published.only(Kind.TRUCK), trucks);
    // block: nothing lost
    assertThat(trucks.distinct()).isEqualTo(published.only(Kind.TRUCK).seqs());
    // drop-oldest: what is missing from Kafka is exactly what was counted and recorded as dropped
    Map<String, SeqRangeSet> missing = new TreeMap<>();
    long missingCount = 0;
    for (Map.Entry<String, SeqRangeSet> e : published.only(Kind.ENV).seqs().entrySet()) {
      SeqRangeSet m = e.getValue().minus(env.distinct().getOrDefault(e.getKey(), new SeqRangeSet()));
      missingCount += m.count();
      if (!m.isEmpty()) missing.put(e.getKey(), m);
    }
    assertThat(missingCount).isEqualTo(dropped);
    assertThat(SqliteEventBuffer.readState(Gateway.bufferDir(drop)).dropped()).isEqualTo(missing);
    assertThat(env.distinct().values().stream().mapToLong(SeqRangeSet::count).sum() + dropped).isEqualTo(published.count(Kind.ENV));
  }

  // ------------------------------------------------------------------ helpers

  static Config gateway(String id) {
    return base.with(GatewayKeys.GATEWAY_ID, id).with(GatewayKeys.BUFFER_DIR, work.resolve("gateways").resolve(id).toString());
  }

  static ChildProcess startChild(Config cfg, String name) throws Exception {
    ChildProcess c = ChildProcess.startJvm(name, System.getProperty("java.class.path"), GatewayMain.class.getName(),
        List.of("-Xmx256m", "-XX:+UseSerialGC"), cfg.asArgs(GatewayMain.keys()), work.resolve("logs").resolve(name + ".log"));
    ChildProcess started = c;
    await().atMost(Duration.ofMinutes(2)).until(() -> {
      if (!started.isAlive()) throw new IllegalStateException("gateway died: " + started.logTail(30));
      return Files.exists(started.log()) && Files.readString(started.log()).contains("gateway started");
    });
    return c;
  }

  enum Kind { ENV, TRUCK }

  /** What the simulated devices published in one run: per device the seqs after what it had sent before. */
  record Published(Map<String, SeqRangeSet> seqs) {
    static Map<String, Long> beforeOf(Config cfg) {
      Map<String, Long> before = new TreeMap<>();
      for (SimulatedDevice d : Fleet.from(cfg)) before.put(d.id(), SEQUENCES.last(d.id()));
      return before;
    }

    static Published since(Map<String, Long> before, long total) {
      Map<String, SeqRangeSet> seqs = new TreeMap<>();
      long n = 0;
      for (Map.Entry<String, Long> e : before.entrySet()) {
        long last = SEQUENCES.last(e.getKey());
        if (last > e.getValue()) {
          seqs.put(e.getKey(), SeqRangeSet.of(List.of(new io.iotlakehouse.edge.transform.SeqRange(e.getValue() + 1, last))));
          n += last - e.getValue();
        }
      }
      assertThat(n).as("seqs handed out = publishes the broker acknowledged").isEqualTo(total);
      return new Published(seqs);
    }

    long count() {
      return seqs.values().stream().mapToLong(SeqRangeSet::count).sum();
    }

    Published only(Kind k) {
      Map<String, SeqRangeSet> m = new TreeMap<>();
      seqs.forEach((d, s) -> {
        if (d.startsWith(k == Kind.ENV ? "env" : "truck")) m.put(d, s);
      });
      return new Published(m);
    }

    long count(Kind k) {
      return only(k).count();
    }
  }

  static Published publish(Config cfg) throws Exception {
    Map<String, Long> before = Published.beforeOf(cfg);
    SimulatorRunner sim = SimulatorRunner.start(cfg, mqtt.host(), mqtt.port(), SEQUENCES);
    assertThat(sim.awaitDone(Duration.ofMinutes(3))).isTrue();
    sim.close();
    assertThat(sim.failed()).isZero();
    return Published.since(before, sim.published());
  }

  /** What Kafka's telemetry topic holds from one gateway: records, and distinct (device_id, seq) per device. */
  record Delivered(long records, Map<String, SeqRangeSet> distinct) {
    long duplicates() {
      return records - distinct.values().stream().mapToLong(SeqRangeSet::count).sum();
    }
  }

  static Delivered delivered(String gatewayId) throws Exception {
    TelemetryCodec codec = new TelemetryCodec();
    Map<String, SeqRangeSet> distinct = new TreeMap<>();
    Map<String, Integer> partitionOf = new HashMap<>();
    Map<String, Long> lastSeq = new HashMap<>();
    long records = 0;
    long outOfOrder = 0;
    for (ConsumerRecord<byte[], byte[]> r : KafkaRecords.readAll(kafka.bootstrapServers(), base.get(PlatformKeys.TOPIC_TELEMETRY))) {
      var h = r.headers().lastHeader(Outbound.H_GATEWAY);
      if (h == null || !gatewayId.equals(new String(h.value(), StandardCharsets.UTF_8))) continue;
      var e = codec.decode(r.value()).event();
      records++;
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.deviceId());
      assertThat(partitionOf.computeIfAbsent(e.deviceId(), x -> r.partition())).isEqualTo(r.partition());
      Long prev = lastSeq.put(e.deviceId(), e.seq());
      if (prev != null && e.seq() <= prev) outOfOrder++;
      SeqRangeSet s = distinct.computeIfAbsent(e.deviceId(), x -> new SeqRangeSet());
      if (!s.contains(e.seq())) s.add(e.seq());
    }
    Delivered d = new Delivered(records, distinct);
    // a re-send (after a crash or a producer reset) repeats a run of a device's seqs; outside those, order holds
    assertThat(outOfOrder).as("seq steps backwards per device").isLessThanOrEqualTo(d.duplicates());
    return d;
  }

  static void report(String scenario, Published p, Delivered d) {
    System.out.printf("GatewayBufferIT %s: published %d, Kafka records %d, distinct (device_id, seq) %d, duplicates in Kafka %d%n",
        scenario, p.count(), d.records(), d.distinct().values().stream().mapToLong(SeqRangeSet::count).sum(), d.duplicates());
  }

  static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    return KafkaRecords.readAll(kafka.bootstrapServers(), topic);
  }

  /** One sample from the gateway's Prometheus endpoint (0 when absent). */
  static double metric(int port, String name) throws Exception {
    String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double sum = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }

  /** The retained heartbeat of a gateway. */
  static String heartbeat(String gatewayId) throws Exception {
    Mqtt5BlockingClient c = TestStack.client(pki, TlsRole.MONITOR, "it-monitor", "it-monitor", mqtt.host(), mqtt.port())
        .buildBlocking();
    c.connect();
    try (var publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
      c.subscribeWith().topicFilter("gateways/" + gatewayId + "/heartbeat").qos(MqttQos.AT_MOST_ONCE).send();
      // the retained one may predate the last figures: read until one shows the buffer settled
      Optional<Mqtt5Publish> p = publishes.receive(30, TimeUnit.SECONDS);
      return p.map(x -> new String(x.getPayloadAsBytes(), StandardCharsets.UTF_8)).orElse("");
    } finally {
      c.disconnect();
    }
  }
}
