package io.iotlakehouse.edge.io;

import io.iotlakehouse.edge.transform.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes accepted events to the telemetry topic (key = device_id, so a device's events stay ordered in one
 * partition) and rejected payloads to the dead-letter topic with the reason in headers. The producer is idempotent
 * with acks=all, so its own retries never duplicate or reorder.
 */
public final class KafkaForwarder implements AutoCloseable {
  public static final String H_GATEWAY = "lakehouse.gateway";
  public static final String H_RECEIVED_AT = "lakehouse.received-at";
  public static final String H_FORMAT = "lakehouse.format";
  public static final String H_SCHEMA_VERSION = "lakehouse.schema-version";
  public static final String H_REASON = "lakehouse.reason";
  public static final String H_DETAIL = "lakehouse.detail";
  public static final String H_MQTT_TOPIC = "lakehouse.mqtt-topic";
  public static final String H_ORIGINAL_BYTES = "lakehouse.original-bytes";

  private final KafkaProducer<byte[], byte[]> producer;
  private final String telemetryTopic;
  private final String deadLetterTopic;
  private final byte[] gatewayId;
  private final int maxPayload;

  public KafkaForwarder(String bootstrap, String telemetryTopic, String deadLetterTopic, String gatewayId,
      long maxPayload, Duration deliveryTimeout, String compression) {
    Map<String, Object> p = new HashMap<>();
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
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    // While Kafka is away and the buffer is full, send() blocks: MQTT flow control then holds devices back.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.telemetryTopic = telemetryTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.gatewayId = gatewayId.getBytes(StandardCharsets.UTF_8);
    this.maxPayload = (int) maxPayload;
  }

  /** Completes when Kafka has the record (telemetry or dead letter) durably; only then may the device be acked. */
  public CompletableFuture<Void> forward(Verdict verdict, String mqttTopic, byte[] payload, long receivedAtMillis) {
    RecordHeaders h = new RecordHeaders();
    h.add(H_GATEWAY, gatewayId);
    h.add(H_RECEIVED_AT, utf8(Long.toString(receivedAtMillis)));
    ProducerRecord<byte[], byte[]> record;
    if (verdict instanceof Verdict.Accepted a) {
      h.add(H_FORMAT, utf8(a.format().name().toLowerCase(java.util.Locale.ROOT)));
      h.add(H_SCHEMA_VERSION, utf8(Integer.toString(a.schemaVersion())));
      record = new ProducerRecord<>(telemetryTopic, null, utf8(a.event().deviceId()), payload, h);
    } else {
      Verdict.Rejected r = (Verdict.Rejected) verdict;
      h.add(H_REASON, utf8(r.reason()));
      h.add(H_DETAIL, utf8(r.detail()));
      h.add(H_MQTT_TOPIC, utf8(mqttTopic));
      h.add(H_ORIGINAL_BYTES, utf8(Integer.toString(payload.length)));
      byte[] kept = payload.length > maxPayload ? Arrays.copyOf(payload, maxPayload) : payload;
      record = new ProducerRecord<>(deadLetterTopic, null, r.deviceId() == null ? null : utf8(r.deviceId()), kept, h);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(record, (meta, err) -> {
      if (err == null) done.complete(null);
      else done.completeExceptionally(err);
    });
    return done;
  }

  public void flush() {
    producer.flush();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
