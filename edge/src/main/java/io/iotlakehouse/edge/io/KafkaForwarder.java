package io.iotlakehouse.edge.io;

import io.iotlakehouse.edge.transform.Outbound;
import io.iotlakehouse.edge.transform.Verdict;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes accepted events to the telemetry topic (key = device_id, so a device's events stay ordered in one
 * partition) and rejected payloads to the dead-letter topic with the reason in headers. The producer is idempotent
 * with acks=all, so its own retries never duplicate or reorder.
 */
public final class KafkaForwarder implements AutoCloseable {
  public static final String H_GATEWAY = Outbound.H_GATEWAY;
  public static final String H_RECEIVED_AT = Outbound.H_RECEIVED_AT;
  public static final String H_FORMAT = Outbound.H_FORMAT;
  public static final String H_SCHEMA_VERSION = Outbound.H_SCHEMA_VERSION;
  public static final String H_REASON = Outbound.H_REASON;
  public static final String H_DETAIL = Outbound.H_DETAIL;
  public static final String H_MQTT_TOPIC = Outbound.H_MQTT_TOPIC;
  public static final String H_ORIGINAL_BYTES = Outbound.H_ORIGINAL_BYTES;

  private final KafkaProducer<byte[], byte[]> producer;
  private final String telemetryTopic;
  private final String deadLetterTopic;
  private final String gatewayId;
  private final int maxPayload;

  /** {@code security}: the client security properties (protocol, trust store, SASL login), see KafkaClientSecurity. */
  public KafkaForwarder(String bootstrap, Map<String, Object> security, String telemetryTopic, String deadLetterTopic,
      String gatewayId, long maxPayload, Duration deliveryTimeout, String compression) {
    Map<String, Object> p = new HashMap<>(security);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-" + gatewayId);
    long timeout = Math.min(Integer.MAX_VALUE, deliveryTimeout.toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout - 5_000));
    // Metadata waits (Kafka unreachable at start) block send() at most this long; the caller retries.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
    p.put(ProducerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, 24L * 3600 * 1000); // connected = a live broker connection
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.telemetryTopic = telemetryTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.gatewayId = gatewayId;
    this.maxPayload = (int) maxPayload;
  }

  /** Sends one buffered record; {@code done} gets null on success, else the error. */
  public void send(Outbound o, Consumer<Exception> done) {
    RecordHeaders h = new RecordHeaders();
    for (Outbound.Header x : o.headers(gatewayId)) h.add(x.name(), x.value());
    String topic = o.target() == Outbound.Target.TELEMETRY ? telemetryTopic : deadLetterTopic;
    producer.send(new ProducerRecord<>(topic, null, o.key(), o.value(), h), (meta, err) -> done.accept(err));
  }

  /** Completes when Kafka has the record (telemetry or dead letter) durably. */
  public CompletableFuture<Void> forward(Verdict verdict, String mqttTopic, byte[] payload, long receivedAtMillis) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    send(Outbound.of(verdict, mqttTopic, payload, receivedAtMillis, maxPayload), err -> {
      if (err == null) f.complete(null);
      else f.completeExceptionally(err);
    });
    return f;
  }

  /** Waits for the topics' metadata (blocks up to 10 s); throws when Kafka does not answer. */
  public void awaitMetadata() {
    producer.partitionsFor(telemetryTopic);
    producer.partitionsFor(deadLetterTopic);
  }

  /** True while the producer holds at least one live broker connection. */
  public boolean connected() {
    for (Map.Entry<MetricName, ? extends Metric> m : producer.metrics().entrySet()) {
      if (m.getKey().name().equals("connection-count") && m.getKey().group().equals("producer-metrics")) {
        Object v = m.getValue().metricValue();
        return v instanceof Number n && n.doubleValue() > 0;
      }
    }
    return false;
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }

  /** Closes without waiting for unsent records: their callbacks fail. */
  public void abort() {
    producer.close(Duration.ZERO);
  }
}
