package io.iotlakehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.iotlakehouse.common.bundle.BundleLayout;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.edge.inference.InferenceKeys;
import io.iotlakehouse.edge.inference.ModelKind;
import io.iotlakehouse.edge.inference.ModelRuntime;
import io.iotlakehouse.edge.inference.TestBundles;
import io.iotlakehouse.edge.transform.Outbound;
import io.iotlakehouse.stack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local inference with the real brokers (Kafka KRaft and HiveMQ CE in child JVMs): a device publishes while the
 * gateway serves a signed z-score bundle; alerts arrive on the MQTT alert topic; forwarded records carry the model
 * headers; a new bundle is swapped in while events flow, and a tampered bundle and one signed by an unknown key are
 * refused while the model in service keeps serving (issue 4, acceptance 5). Nothing is lost, duplicated or reordered.
 */
class GatewayInferenceIT {
  static final String GATEWAY = "gw-ml";
  static final String DEVICE = "env-ml-1";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path work;
  static LocalStack stack;
  static Config config;

  @BeforeAll
  static void startStack() {
    stack = TestStack.start(work, "edge.metrics.port=0", "edge.gateway-id=" + GATEWAY);
    stack.pki().issueAll(TlsRole.GATEWAY, List.of(GATEWAY));
    config = stack.config();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) stack.close();
  }

  /** One device publishing QoS 1 readings as fast as the gateway acknowledges them (a few ms apart); every 10th is hot. */
  static final class Device implements AutoCloseable {
    final AtomicLong published = new AtomicLong();
    final AtomicBoolean running = new AtomicBoolean(true);
    final Mqtt5BlockingClient client;
    final Thread thread;

    Device(int port) {
      client = TestStack.client(stack.pki(), TlsRole.DEVICE, DEVICE, DEVICE, "127.0.0.1", port).buildBlocking();
      client.connect();
      TelemetryCodec codec = new TelemetryCodec();
      thread = new Thread(() -> {
        while (running.get()) {
          long seq = published.get() + 1;
          double t = seq % 10 == 0 ? 60 : 22;
          byte[] payload = codec.encodeAvro(new Telemetry(DEVICE, seq, System.currentTimeMillis(), new Payload.Env(t, 50)));
          client.publishWith().topic("devices/env/" + DEVICE + "/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
          published.set(seq);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "device");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      if (!running.getAndSet(false)) return;
      thread.join();
      client.disconnect();
    }
  }

  @Test
  void scoresLocallyTagsForwardedEventsAndSwapsBundlesWithoutLosingOrReorderingEvents() throws Exception {
    Path models = work.resolve("models");
    Path trusted = TestBundles.trustedKeyFile(work.resolve("keys"));
    TestBundles.zscore(models, "1", TestBundles.ENV_RULES);
    Config cfg = config.with(InferenceKeys.MODEL_DIR, models.toString()).with(InferenceKeys.TRUSTED_KEYS, trusted.toString())
        .with(InferenceKeys.POLL_INTERVAL, "200ms");
    int port = cfg.get(PlatformKeys.MQTT_PORT);

    Map<Long, JsonNode> alerts = new ConcurrentHashMap<>();
    Set<String> alertTopics = ConcurrentHashMap.newKeySet();
    AtomicLong duplicateAlerts = new AtomicLong();
    Mqtt5AsyncClient listener = TestStack.client(stack.pki(), TlsRole.MONITOR, "alert-listener", "alert-listener", "127.0.0.1",
        port).buildAsync();
    listener.publishes(MqttGlobalPublishFilter.ALL, p -> {
      alertTopics.add(p.getTopic().toString());
      try {
        JsonNode a = JSON.readTree(p.getPayloadAsBytes());
        if (alerts.put(a.path("seq").asLong(), a) != null) duplicateAlerts.incrementAndGet();
      } catch (java.io.IOException e) {
        alertTopics.add("not JSON: " + e);
      }
    });
    listener.connect().get(30, TimeUnit.SECONDS);
    listener.subscribeWith().topicFilter("gateways/" + GATEWAY + "/alerts/#").qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);

    long published;
    ModelRuntime runtime;
    try (Gateway gateway = new Gateway(cfg).start(); Device device = new Device(port)) {
      runtime = gateway.inference();
      assertThat(runtime.serving().label()).isEqualTo("env-zscore@1");

      // 1. a hot reading raises a local alert on MQTT, from model v1
      await().atMost(Duration.ofSeconds(60)).until(() -> alerts.containsKey(10L));
      assertThat(alerts.get(10L).path("model_version").asText()).isEqualTo("1");
      assertThat(alerts.get(10L).path("reason").asText()).isEqualTo("temperature_c=60 is 19.00 std above the mean 22 (limit 4)");

      // 2. v2 dropped while the device keeps publishing: swapped in
      await().atMost(Duration.ofSeconds(60)).until(() -> device.published.get() >= 200);
      TestBundles.zscore(models, "2", TestBundles.ENV_RULES.replace("\"max_z\":4", "\"max_z\":3"));
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.serving().version().equals("2"));
      long swappedAt = device.published.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> alerts.values().stream()
          .anyMatch(a -> a.path("seq").asLong() > swappedAt && a.path("model_version").asText().equals("2")));

      // 3. a tampered v3 (staged, changed, renamed into place) and a v4 signed by an unknown key: refused, v2 serves on
      await().atMost(Duration.ofSeconds(60)).until(() -> device.published.get() >= swappedAt + 200);
      Path v3 = TestBundles.zscore(models.resolve(".staging"), "3", TestBundles.ENV_RULES.replace("\"max_z\":4", "\"max_z\":99"));
      Path rules = v3.resolve(ModelKind.ZSCORE_FILE);
      Files.writeString(rules, Files.readString(rules).replace("\"max_z\":99", "\"max_z\":10"));
      Files.move(v3, models.resolve("env-zscore-3"));
      TestBundles.zscore(models, "env-zscore", "4", TestBundles.ENV_RULES, TestBundles.STRANGER);
      await().atMost(Duration.ofSeconds(30)).until(() -> runtime.metrics().refusedTotal("file_mismatch") == 1
          && runtime.metrics().refusedTotal("unknown_key") == 1);
      long refusedAt = device.published.get();
      await().atMost(Duration.ofSeconds(60)).until(() -> alerts.values().stream()
          .anyMatch(a -> a.path("seq").asLong() > refusedAt + 200));
      assertThat(runtime.serving().label()).isEqualTo("env-zscore@2");
      assertThat(Files.exists(models.resolve("env-zscore-3").resolve(BundleLayout.SIGNATURE))).isTrue();

      device.close();
      published = device.published.get();
      await().atMost(Duration.ofSeconds(60)).until(() -> gateway.forwarded() == published);
      await().atMost(Duration.ofSeconds(30)).until(() -> alerts.size() == published / 10);
      assertThat(runtime.metrics().scoredTotal()).isEqualTo(published);
    } finally {
      listener.disconnect();
    }
    assertThat(alertTopics).containsExactly("gateways/" + GATEWAY + "/alerts/" + DEVICE);

    // Kafka: every seq exactly once, in order, each tagged with the model that judged it; versions only move forward
    List<ConsumerRecord<byte[], byte[]>> records = readAll(config.get(PlatformKeys.TOPIC_TELEMETRY));
    TelemetryCodec codec = new TelemetryCodec();
    List<Long> seqs = new ArrayList<>();
    Map<Long, String> versionOf = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      long seq = codec.decode(r.value()).event().seq();
      seqs.add(seq);
      assertThat(header(r, Outbound.H_MODEL)).isEqualTo("env-zscore");
      versionOf.put(seq, header(r, Outbound.H_MODEL_VERSION));
    }
    assertThat(seqs).hasSize((int) published).isSorted();
    assertThat(new TreeSet<>(seqs)).hasSize((int) published).first().isEqualTo(1L);
    List<String> versionsInOrder = new ArrayList<>(new LinkedHashSet<>(seqs.stream().map(versionOf::get).toList()));
    assertThat(versionsInOrder).containsExactly("1", "2");

    // alerts: exactly one per hot reading, each naming the same model version as the event's Kafka header
    assertThat(duplicateAlerts.get()).isZero();
    Set<Long> hot = new TreeSet<>();
    for (long s = 10; s <= published; s += 10) hot.add(s);
    assertThat(new TreeSet<>(alerts.keySet())).isEqualTo(hot);
    alerts.forEach((seq, a) -> assertThat(a.path("model_version").asText()).as("seq %d", seq).isEqualTo(versionOf.get(seq)));
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return KafkaRecords.header(r, name);
  }

  /** This gateway's records of the device, in offset order (one key, so one partition). */
  static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    return KafkaRecords.readAll(stack.bootstrapServers(), topic).stream()
        .filter(r -> GATEWAY.equals(header(r, Outbound.H_GATEWAY)) && DEVICE.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .toList();
  }
}
