package io.iotlakehouse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.TlsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackIT {
  @TempDir Path work;

  private Config config(int kafkaPort, int ctrlPort, int mqttPort) {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(StackKeys.keys());
    return Config.load(keys, null, List.of(
        "lakehouse.work-dir=" + work, "stack.kafka.port=" + kafkaPort, "stack.kafka.controller-port=" + ctrlPort,
        "mqtt.port=" + mqttPort, "stack.redis.port=" + Ports.free(), "stack.kafka.secure-port=" + Ports.free()));
  }

  @Test
  void embeddedKafkaAndMqttAreRealServersThatSurviveARestart() throws Exception {
    Config cfg = config(Ports.free(), Ports.free(), Ports.free());
    String topic = cfg.get(PlatformKeys.TOPIC_TELEMETRY);
    try (LocalStack stack = LocalStack.start(cfg)) {
      assertThat(stack.kafka().process().pid()).isNotEqualTo(ProcessHandle.current().pid());
      try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers(), "acks", "all"),
          new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(topic, "dev-1", "hello")).get(30, TimeUnit.SECONDS);
      }
      // Gateways over SASL_SSL reach the same broker: a record sent there is read on the plaintext listener below.
      KafkaServer.GatewayAccess access = stack.kafka().gatewayAccess().orElseThrow();
      Map<String, Object> secure = new HashMap<>(access.security().properties("test"));
      secure.put("bootstrap.servers", access.bootstrapServers());
      secure.put("acks", "all");
      assertThat(access.security().protocol()).isEqualTo("SASL_SSL");
      try (var producer = new KafkaProducer<>(secure, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(topic, "dev-2", "over TLS")).get(60, TimeUnit.SECONDS);
      }

      // MQTT is TLS with client certificates by default: the stack hands out the CA and the identity folder.
      Config tls = stack.config();
      assertThat(tls.get(PlatformKeys.MQTT_TLS_CA_FILE)).isEqualTo(stack.pki().caFile().toString());
      Mqtt5BlockingClient sub = tlsClient(stack, TlsRole.GATEWAY, "gw-it", "gateway-gw-it", cfg);
      sub.connect();
      try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
        sub.subscribeWith().topicFilter("devices/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = tlsClient(stack, TlsRole.DEVICE, "e1", "e1", cfg);
        pub.connect();
        pub.publishWith().topic("devices/env/e1/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload("x".getBytes(StandardCharsets.UTF_8)).send();
        Mqtt5Publish got = publishes.receive(30, TimeUnit.SECONDS).orElseThrow();
        assertThat(got.getTopic().toString()).isEqualTo("devices/env/e1/telemetry");
        pub.disconnect();
      }
      sub.disconnect();
      assertThat(stack.config().get(PlatformKeys.REDIS_URL)).isEqualTo(stack.redis().url());
      assertThat(redis(stack.redis().port(), "SET lh:it survives")).isEqualTo("+OK");
    }
    // Same work folder: the topic and its record, and the Redis key, are still there after a restart.
    try (LocalStack stack = LocalStack.start(cfg);
         var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()),
             new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      long total = consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
      assertThat(total).isEqualTo(2);
      assertThat(redis(stack.redis().port(), "GET lh:it")).isEqualTo("$8");
    }
  }

  private static Mqtt5BlockingClient tlsClient(LocalStack stack, TlsRole role, String name, String clientId, Config cfg) {
    ClientTls identity = stack.pki().issue(role, name);
    return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(cfg.get(PlatformKeys.MQTT_PORT))
        .sslConfig(MqttClientSslConfig.builder().keyManagerFactory(identity.keyManagers())
            .trustManagerFactory(identity.trustManagers()).build())
        .buildBlocking();
  }

  @Test
  void aMissingRedisBinaryIsAClearErrorSayingHowToInstallIt() {
    Config cfg = config(Ports.free(), Ports.free(), Ports.free()).with(StackKeys.REDIS_BINARY, "/nonexistent/redis-server");
    assertThatThrownBy(() -> LocalStack.start(cfg))
        .hasMessageContaining("no executable '/nonexistent/redis-server'")
        .hasMessageContaining("apt-get install redis-server")
        .hasMessageContaining("stack.redis.binary");
  }

  /** First reply line of an inline Redis command. */
  private static String redis(int port, String command) throws java.io.IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void aTakenPortIsAClearErrorNamingTheKeyToChange() throws Exception {
    try (var blocker = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Config cfg = config(blocker.getLocalPort(), Ports.free(), Ports.free());
      assertThatThrownBy(() -> LocalStack.start(cfg))
          .hasMessageContaining("already in use")
          .hasMessageContaining("stack.kafka.port");
    }
  }
}
