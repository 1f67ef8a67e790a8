package io.iotlakehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.edge.io.KafkaForwarder;
import io.iotlakehouse.simulators.DeviceClients;
import io.iotlakehouse.simulators.SequenceStore;
import io.iotlakehouse.simulators.SimulatorKeys;
import io.iotlakehouse.simulators.SimulatorRunner;
import io.iotlakehouse.stack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayIT {
  @TempDir static Path work;
  static LocalStack stack;
  static Config config;
  /** One device = one sequence, whichever test publishes for it. */
  static final SequenceStore SEQUENCES = new SequenceStore(null);

  @BeforeAll
  static void startStack() {
    stack = TestStack.start(work, "simulators.env.count=3", "simulators.trucks.count=3", "simulators.turbofans.count=2",
        "simulators.rate-hz=0", "simulators.events-per-device=200", "simulators.format=mixed", "edge.max-payload-bytes=4KiB",
        "edge.metrics.port=0");
    config = stack.config();
    TestStack.issue(stack.pki(), config, "gw-local-1", "gw-restart");
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) stack.close();
  }

  @Test
  void forwardsEveryEventKeyedByDeviceAndDeadLettersBadInputWithAReason() throws Exception {
    try (Gateway gateway = new Gateway(config).start()) {
      SimulatorRunner sim = SimulatorRunner.start(config, "127.0.0.1", config.get(PlatformKeys.MQTT_PORT),
          SEQUENCES);
      assertThat(sim.awaitDone(Duration.ofMinutes(2))).isTrue();
      sim.close();
      long expected = sim.published();
      // 3 env + 3 trucks + turbofan 2 send 200 each; C-MAPSS engine 1 fails after 192 cycles
      assertThat(expected).isEqualTo(7 * 200 + 192);

      // env-001 itself, with bad payloads (the broker lets a device publish on its own topic only)
      Mqtt5BlockingClient rogue = DeviceClients.builder(config, "env-001", "127.0.0.1", config.get(PlatformKeys.MQTT_PORT)).buildBlocking();
      rogue.connect();
      rogue.publishWith().topic("devices/env/env-001/telemetry").qos(MqttQos.AT_LEAST_ONCE)
          .payload("<xml>not telemetry</xml>".getBytes(StandardCharsets.UTF_8)).send();
      rogue.publishWith().topic("devices/env/env-001/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[10_000]).send();
      rogue.publishWith().topic("devices/env/env-001/telemetry").qos(MqttQos.AT_LEAST_ONCE)
          .payload("{\"seq\":1,\"event_time\":1,\"kind\":\"env\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8)).send();
      rogue.disconnect();

      await().atMost(Duration.ofSeconds(60)).until(() -> gateway.forwarded() == expected + 3);
      List<ConsumerRecord<byte[], byte[]>> telemetry = readAll(config.get(PlatformKeys.TOPIC_TELEMETRY)).stream()
          .filter(r -> "gw-local-1".equals(header(r, KafkaForwarder.H_GATEWAY))).toList(); // not the other test's
      TelemetryCodec codec = new TelemetryCodec();
      Set<String> ids = new HashSet<>();
      Map<String, Integer> partitionOf = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : telemetry) {
        var e = codec.decode(r.value()).event();
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.deviceId());
        assertThat(ids.add(e.deviceId() + "#" + e.seq())).as("duplicate %s#%s", e.deviceId(), e.seq()).isTrue();
        assertThat(partitionOf.computeIfAbsent(e.deviceId(), d -> r.partition())).isEqualTo(r.partition());
      }
      assertThat(telemetry).hasSize((int) expected);

      List<ConsumerRecord<byte[], byte[]>> dlq = readAll(config.get(PlatformKeys.TOPIC_DEAD_LETTER));
      assertThat(dlq).extracting(r -> header(r, KafkaForwarder.H_REASON))
          .containsExactlyInAnyOrder("unknown_format", "oversized", "missing_device_id");
      assertThat(dlq).allSatisfy(r -> assertThat(header(r, KafkaForwarder.H_DETAIL)).isNotBlank());
      assertThat(dlq).filteredOn(r -> header(r, KafkaForwarder.H_REASON).equals("oversized"))
          .singleElement().satisfies(r -> {
            assertThat(header(r, KafkaForwarder.H_ORIGINAL_BYTES)).isEqualTo("10000");
            assertThat(r.value()).hasSize(4096);
          });
    }
  }

  @Test
  void messagesPublishedWhileTheGatewayIsDownAreForwardedWhenItReturns() throws Exception {
    Config cfg = config.with(GatewayKeys.GATEWAY_ID, "gw-restart");
    String topic = cfg.get(PlatformKeys.TOPIC_TELEMETRY);
    long before = endOffsetSum(topic);
    new Gateway(cfg).start().close(); // creates the persistent session
    SimulatorRunner sim = SimulatorRunner.start(cfg.with(SimulatorKeys.EVENTS_PER_DEVICE, "50"), "127.0.0.1",
        cfg.get(PlatformKeys.MQTT_PORT), SEQUENCES);
    assertThat(sim.awaitDone(Duration.ofMinutes(2))).isTrue();
    sim.close();
    try (Gateway gateway = new Gateway(cfg).start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> gateway.forwarded() >= sim.published());
    }
    // the other test's gateway session may also have forwarded these, so count this gateway's records only
    long mine = readAll(topic).stream().filter(r -> "gw-restart".equals(header(r, KafkaForwarder.H_GATEWAY))).count();
    assertThat(endOffsetSum(topic)).isGreaterThanOrEqualTo(before + sim.published());
    assertThat(mine).isEqualTo(sim.published());
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return KafkaRecords.header(r, name);
  }

  private static long endOffsetSum(String topic) {
    try (KafkaConsumer<byte[], byte[]> c = consumer()) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    return KafkaRecords.readAll(stack.bootstrapServers(), topic);
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of("bootstrap.servers", stack.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
