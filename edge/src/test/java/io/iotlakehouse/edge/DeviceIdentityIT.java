package io.iotlakehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.common.kafka.KafkaClientSecurity;
import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.Pem;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.io.KafkaForwarder;
import io.iotlakehouse.simulators.DeviceClients;
import io.iotlakehouse.simulators.SequenceStore;
import io.iotlakehouse.simulators.SimulatorRunner;
import io.iotlakehouse.stack.DevPki;
import io.iotlakehouse.stack.KafkaServer;
import io.iotlakehouse.stack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device identity and transport security with the real brokers of the local stack (its defaults: MQTT over TLS with
 * required client certificates and topic ACLs, a SASL_SSL listener for gateways): clients without a certificate,
 * with one of another CA, with an expired one, or not speaking TLS are refused by the broker's TLS layer; a device
 * connecting under another device's client id, publishing on another device's topic or subscribing to other
 * devices is refused by the device identity extension; each refusal is counted in the broker's log. A good device's
 * data still flows to Kafka through a gateway that authenticates with its own certificate and SCRAM login.
 */
class DeviceIdentityIT {
  @TempDir static Path work;
  static LocalStack stack;
  static Config config;
  static KafkaServer.GatewayAccess access;

  @BeforeAll
  static void startStack() {
    stack = TestStack.start(work, "edge.gateway-id=gw-secure", "edge.metrics.port=0",
        "simulators.env.count=2", "simulators.trucks.count=2", "simulators.turbofans.count=0",
        "simulators.rate-hz=0", "simulators.events-per-device=300");
    access = stack.kafka().gatewayAccess().orElseThrow();
    config = KafkaUplink.apply(stack.config(), access.bootstrapServers(), access.security());
    TestStack.issue(stack.pki(), config, "gw-secure");
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) stack.close();
  }

  @Test
  void refusedClientsAreRefusedByTheBrokerAndCountedWhileGoodDevicesFlowToKafkaOverTlsAndSasl() throws Exception {
    DevPki pki = stack.pki();
    int port = config.get(PlatformKeys.MQTT_PORT);
    ClientTls env1 = pki.issue(TlsRole.DEVICE, "env-001");
    try (Gateway gateway = new Gateway(config).start()) {
      // 1. refused in the TLS handshake: no certificate, a certificate of another CA, an expired one, no TLS at all
      MqttClientSslConfig trustOnly = MqttClientSslConfig.builder().trustManagerFactory(env1.trustManagers()).build();
      assertRefused(Mqtt5Client.builder().identifier("env-001").serverHost("127.0.0.1").serverPort(port).sslConfig(trustOnly));
      ClientTls foreign = DevPki.open(work.resolve("other-ca")).issue(TlsRole.DEVICE, "env-001");
      assertRefused(TestStack.client(new ClientTls(pki.caFile(), foreign.certificateFile(), foreign.keyFile()), "env-001", "127.0.0.1", port));
      ClientTls expired = pki.issue(TlsRole.DEVICE, "env-900", Instant.now().minus(Duration.ofDays(30)), Duration.ofDays(1));
      assertThat(Pem.certificates(expired.certificateFile()).get(0).getNotAfter().toInstant()).isBefore(Instant.now());
      assertRefused(TestStack.client(expired, "env-900", "127.0.0.1", port));
      assertRefused(Mqtt5Client.builder().identifier("env-001").serverHost("127.0.0.1").serverPort(port));

      // 2. refused by the device identity extension: another device's client id, topic, or subscription
      Mqtt5BlockingClient impostor = TestStack.client(env1, "env-002", "127.0.0.1", port).buildBlocking();
      assertThatThrownBy(impostor::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
          e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
      Mqtt5BlockingClient device = DeviceClients.builder(config, "env-001", "127.0.0.1", port).buildBlocking();
      device.connect();
      byte[] asEnv2 = new TelemetryCodec().encodeAvro(new Telemetry("env-002", 999_999, System.currentTimeMillis(), new Payload.Env(21, 40)));
      assertThatThrownBy(() -> device.publishWith().topic("devices/env/env-002/telemetry").qos(MqttQos.AT_LEAST_ONCE)
          .payload(asEnv2).send())
          .isInstanceOfSatisfying(Mqtt5PubAckException.class,
              e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
      // the broker answers NOT_AUTHORIZED and closes the connection of a device that publishes as another
      await().atMost(Duration.ofSeconds(10)).until(() -> !device.getState().isConnected());
      device.connect();
      assertThatThrownBy(() -> device.subscribeWith().topicFilter("devices/#").qos(MqttQos.AT_LEAST_ONCE).send())
          .isInstanceOfSatisfying(Mqtt5SubAckException.class,
              e -> assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
      device.disconnect();

      String log = awaitBrokerLog("refused tls_handshake (#4)", "refused connect_client_id_mismatch (#1)",
          "refused publish (#1)", "refused subscribe (#1)");
      assertThat(log).doesNotContain("refused tls_handshake (#5)");
      System.out.println("DeviceIdentityIT broker refusals:\n" + String.join("\n",
          log.lines().filter(l -> l.contains("security: refused")).toList()));

      // 3. good devices, after the refused attempt: everything they publish reaches Kafka through the gateway, which
      // reads them over TLS with its own certificate and forwards over SASL_SSL
      SequenceStore sequences = new SequenceStore(null);
      SimulatorRunner sim = SimulatorRunner.start(config, "127.0.0.1", port, sequences);
      assertThat(sim.awaitDone(Duration.ofMinutes(2))).isTrue();
      sim.close();
      assertThat(sim.failed()).isZero();
      assertThat(sim.published()).isEqualTo(4 * 300);
      await().atMost(Duration.ofMinutes(1)).until(() -> gateway.forwarded() >= sim.published());
    }
    Set<String> delivered = new HashSet<>();
    TelemetryCodec codec = new TelemetryCodec();
    for (ConsumerRecord<byte[], byte[]> r : KafkaRecords.readAll(stack.bootstrapServers(), config.get(PlatformKeys.TOPIC_TELEMETRY))) {
      var e = codec.decode(r.value()).event();
      assertThat(new String(r.headers().lastHeader(KafkaForwarder.H_GATEWAY).value(), StandardCharsets.UTF_8)).isEqualTo("gw-secure");
      assertThat(delivered.add(e.deviceId() + "#" + e.seq())).isTrue();
    }
    assertThat(delivered).hasSize(4 * 300).doesNotContain("env-002#999999");
    assertThat(KafkaRecords.readAll(stack.bootstrapServers(), config.get(PlatformKeys.TOPIC_DEAD_LETTER))).isEmpty();
  }

  @Test
  void theGatewayListenerRefusesAWrongPasswordAndPlaintext() throws Exception {
    Path wrong = work.resolve("wrong.password");
    Files.writeString(wrong, "not-the-password");
    KafkaClientSecurity s = access.security();
    KafkaClientSecurity bad = new KafkaClientSecurity(s.protocol(), s.caFile(), s.mechanism(), s.username(), "file:" + wrong);
    assertThatThrownBy(() -> send(bad)).isInstanceOf(SaslAuthenticationException.class);
    assertThat(send(s)).isEqualTo(1);
    // a plaintext client on the TLS listener never gets metadata
    assertThatThrownBy(() -> send(KafkaClientSecurity.PLAINTEXT)).isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
  }

  /** Sends one record to the gateway listener with {@code security}; 1 when Kafka acknowledged it. */
  private static int send(KafkaClientSecurity security) throws Exception {
    Map<String, Object> p = new HashMap<>(security.properties("test"));
    p.put("bootstrap.servers", access.bootstrapServers());
    p.put("max.block.ms", 5000);
    p.put("delivery.timeout.ms", 10_000);
    p.put("request.timeout.ms", 5000);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("iot-alerts", "k", "v")).get(30, TimeUnit.SECONDS);
      return 1;
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static void assertRefused(com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder builder) {
    Mqtt5BlockingClient c = builder.buildBlocking();
    assertThatThrownBy(c::connect).isInstanceOf(RuntimeException.class);
  }

  /** The broker's log once it contains every one of {@code lines}. */
  private static String awaitBrokerLog(String... lines) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      String log = stack.mqtt().process().logTail(2000);
      for (String l : lines) if (!log.contains(l)) return false;
      return true;
    });
    return stack.mqtt().process().logTail(2000);
  }
}
