package io.iotlakehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.iotlakehouse.common.bundle.SigningKeys;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.edge.Gateway;
import io.iotlakehouse.edge.GatewayMain;
import io.iotlakehouse.edge.inference.InferenceMetrics;
import io.iotlakehouse.edge.inference.ModelKind;
import io.iotlakehouse.edge.transform.Alert;
import io.iotlakehouse.stack.KafkaTopics;
import io.iotlakehouse.stack.MqttServer;
import io.iotlakehouse.stack.Ports;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Local alert latency through the production gateway: a device's MQTT publish (QoS 1, Avro) -> real MQTT broker
 * (HiveMQ CE, its own JVM) -> gateway (envelope check, durable buffer commit with fsync, device acknowledged, z-score
 * model on the scoring thread) -> alert published on {@code gateways/<id>/alerts/<device>} -> received by a
 * subscriber. One clock ({@code System.nanoTime()} of this JVM) stamps the publish and the arrival. Each event is a
 * hot reading, so each raises one alert. Devices publish at a steady rate (latency, not throughput); the first
 * {@link #WARMUP} alerts warm up the JIT and are not measured. Measured twice: with the production setting
 * ({@code edge.buffer.fsync=true}: each commit fsynced before the device is acknowledged and the event scored) and
 * with {@code edge.buffer.fsync=false}, to show what the disk's fsync costs.
 */
final class EdgeAlertBench {
  static final String RULES =
      "{\"rules\":[{\"device_kind\":\"env\",\"sensor\":\"temperature_c\",\"mean\":22,\"std\":2.5,\"max_z\":4}]}";
  static final int DEVICES = 10;
  static final int WARMUP = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Latencies in milliseconds; {@code received} of {@code alerts} measured alerts arrived. {@code hopP50Ms} and
   * {@code hopP99Ms}: the same publishes straight from device to a subscriber through the broker (one hop; an alert
   * takes two, device -> gateway and gateway -> subscriber), the floor this machine and broker set.
   * {@code gatewayWithin10Ms}: the share of measured alerts the gateway raised within 10 ms of the event's arrival on
   * MQTT (its {@code edge_alert_latency_seconds} histogram), the gateway's own part without the broker hops.
   */
  record Result(int alerts, int received, double p50Ms, double p99Ms, double maxMs, double rate, double hopP50Ms,
      double hopP99Ms, double gatewayWithin10Ms) {}

  private final Path work;
  private final PrintStream log;
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final Map<String, Long> hopSentAt = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> hops = new ConcurrentLinkedQueue<>();
  private final TelemetryCodec codec = new TelemetryCodec();
  /** Milliseconds from the device's publish to the gateway's detection (wall clocks of this JVM). */
  private final ConcurrentLinkedQueue<Long> detection = new ConcurrentLinkedQueue<>();

  EdgeAlertBench(Path work, PrintStream log) {
    this.work = work;
    this.log = log;
  }

  /** The same measurement with the production setting (fsync before acknowledging) and with edge.buffer.fsync=false. */
  record Results(Result fsync, Result noFsync) {}

  Results run(String bootstrap, int alerts, double rate) throws Exception {
    Path dir = work.resolve("alerts");
    Files.createDirectories(dir);
    KafkaTopics.ensure(bootstrap, 4, (short) 1, Set.of("bench-alerts", "bench-alerts-dlq"));
    KeyPair key = SigningKeys.generate();
    SigningKeys.write(key, dir.resolve("keys"), "bench");
    Files.writeString(dir.resolve("rules.json"), RULES);
    ModelKind.ZSCORE.bundle("env-zscore", "1", dir.resolve("rules.json")).write(dir.resolve("models/env-zscore-1"), key);
    log.println("alerts: starting the MQTT broker...");
    try (MqttServer mqtt = new MqttServer(dir.resolve("mqtt"), Ports.free(), Duration.ofMinutes(3), null).start()) {
      return new Results(phase(mqtt, bootstrap, dir, true, alerts, rate), phase(mqtt, bootstrap, dir, false, alerts, rate));
    }
  }

  /** One gateway (its own id, buffer and devices) serving the z-score bundle; fresh latency records. */
  private Result phase(MqttServer mqtt, String bootstrap, Path dir, boolean fsync, int alerts, double rate) throws Exception {
    String gatewayId = "bench-gw-" + (fsync ? "fsync" : "nofsync");
    latencies.clear();
    detection.clear();
    sentAt.clear();
    hops.clear();
    hopSentAt.clear();
    Config cfg = Config.load(GatewayMain.keys(), null, List.of("kafka.bootstrap-servers=" + bootstrap,
        "mqtt.host=" + mqtt.host(), "mqtt.port=" + mqtt.port(), "edge.gateway-id=" + gatewayId,
        "edge.buffer.dir=" + dir.resolve(gatewayId), "edge.buffer.fsync=" + fsync, "edge.metrics.port=0",
        "kafka.topic.telemetry=bench-alerts", "kafka.topic.dead-letter=bench-alerts-dlq",
        "edge.model.dir=" + dir.resolve("models"), "edge.model.trusted-keys=" + dir.resolve("keys/bench.pub")));
    List<Mqtt5AsyncClient> clients = new ArrayList<>();
    double within10;
    try (Gateway gateway = new Gateway(cfg).start()) {
      Mqtt5AsyncClient listener = HotPathBench.connect(cfg, gatewayId + "-listener", mqtt.host(), mqtt.port());
      clients.add(listener);
      listener.publishes(MqttGlobalPublishFilter.ALL, p -> {
        long now = System.nanoTime();
        if (p.getTopic().toString().startsWith("devices/")) hop(p.getPayloadAsBytes(), now);
        else arrived(p.getPayloadAsBytes(), now);
      });
      listener.subscribeWith().topicFilter(Alert.topic(gatewayId, "#")).qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
      listener.subscribeWith().topicFilter("devices/env/+/telemetry").qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
      List<String> ids = new ArrayList<>();
      List<Mqtt5AsyncClient> devices = new ArrayList<>();
      for (int d = 0; d < DEVICES; d++) {
        ids.add(gatewayId + "-env-" + d);
        devices.add(HotPathBench.connect(cfg, ids.get(d), mqtt.host(), mqtt.port()));
      }
      clients.addAll(devices);

      log.printf("alerts (edge.buffer.fsync=%b): warming up with %d events at %.0f/s...%n", fsync, WARMUP, rate);
      publish(devices, ids, 0, WARMUP, rate, false);
      log.printf("alerts (edge.buffer.fsync=%b): measuring %d alerts at %.0f/s from %d devices...%n", fsync, alerts, rate, DEVICES);
      InferenceMetrics im = gateway.inference().metrics();
      long within0 = im.alertsWithin(0.010);
      long alerts0 = im.alertsTotal();
      publish(devices, ids, WARMUP, alerts, rate, true);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (latencies.size() < alerts && System.nanoTime() < until) Thread.sleep(20);
      long raised = im.alertsTotal() - alerts0;
      within10 = raised == 0 ? Double.NaN : (double) (im.alertsWithin(0.010) - within0) / raised;
      long[] d = detection.stream().mapToLong(Long::longValue).sorted().toArray();
      log.printf("alerts (edge.buffer.fsync=%b): %d of %d arrived; gateway scored %d events, raised %d alerts; publish -> "
          + "detected in the gateway p50 %d ms, p99 %d ms; MQTT arrival -> alert within 10 ms: %.2f%%%n", fsync, latencies.size(), alerts,
          gateway.inference().metrics().scoredTotal(), gateway.inference().metrics().alertsTotal(),
          HotPathBench.percentile(d, 0.5), HotPathBench.percentile(d, 0.99), 100 * within10);
    } finally {
      clients.forEach(Mqtt5AsyncClient::disconnect);
    }
    long[] nanos = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] hop = hops.stream().mapToLong(Long::longValue).sorted().toArray();
    log.printf("alerts (edge.buffer.fsync=%b): device -> subscriber, one broker hop: p50 %.2f ms, p99 %.2f ms (%d)%n", fsync,
        HotPathBench.percentile(hop, 0.50) / 1e6, HotPathBench.percentile(hop, 0.99) / 1e6, hop.length);
    return new Result(alerts, nanos.length, HotPathBench.percentile(nanos, 0.50) / 1e6,
        HotPathBench.percentile(nanos, 0.99) / 1e6, nanos.length == 0 ? -1 : nanos[nanos.length - 1] / 1e6, rate,
        HotPathBench.percentile(hop, 0.50) / 1e6, HotPathBench.percentile(hop, 0.99) / 1e6, within10);
  }

  /** Events {@code from+1 .. from+n} (seq per device = event number / devices), one every 1/rate s. */
  private void publish(List<Mqtt5AsyncClient> devices, List<String> ids, int from, int n, double rate, boolean measured) {
    long period = (long) (1e9 / rate);
    long next = System.nanoTime();
    for (int i = from; i < from + n; i++) {
      next += period;
      long wait;
      while ((wait = next - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
      int d = i % DEVICES;
      long seq = i / DEVICES + 1;
      String device = ids.get(d);
      Telemetry t = new Telemetry(device, seq, System.currentTimeMillis(), new Payload.Env(60.0, 50.0));
      if (measured) {
        long now = System.nanoTime();
        sentAt.put(device + "#" + seq, now);
        hopSentAt.put(device + "#" + seq, now);
      }
      devices.get(d).publishWith().topic("devices/env/" + device + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
          .payload(codec.encodeAvro(t)).send();
    }
  }

  private void hop(byte[] payload, long now) {
    try {
      Telemetry t = codec.decode(payload).event();
      Long sent = hopSentAt.remove(t.deviceId() + "#" + t.seq());
      if (sent != null) hops.add(now - sent);
    } catch (io.iotlakehouse.common.event.MalformedEventException e) {
      log.println("alerts: unreadable telemetry " + e);
    }
  }

  private void arrived(byte[] payload, long now) {
    try {
      JsonNode a = JSON.readTree(payload);
      Long sent = sentAt.remove(a.path("device_id").asText() + "#" + a.path("seq").asLong());
      if (sent != null) {
        latencies.add(now - sent);
        detection.add(a.path("detected_at").asLong() - a.path("event_time").asLong());
      }
    } catch (java.io.IOException e) {
      log.println("alerts: unreadable alert " + e);
    }
  }
}
