package io.iotlakehouse.streaming.io;

import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.transform.hot.HotRecords.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes alerts to {@code kafka.topic.alerts}: value = the alert as JSON (the fields of the Redis hash), key =
 * device_id (a device's alerts stay ordered in one partition), header {@code alert_id}. Idempotent producer with
 * acks=all, so its own retries never duplicate. {@link #send} returns only once Kafka acknowledged every record.
 */
public final class KafkaAlerts implements AutoCloseable {
  public static final String H_ALERT_ID = "alert_id";
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  public KafkaAlerts(String bootstrap, String topic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "hotpath-alerts");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /** Sends every alert and waits until Kafka has all of them; throws a user-facing error otherwise. */
  public void send(List<Alert> alerts) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      RecordHeaders h = new RecordHeaders();
      h.add(H_ALERT_ID, utf8(a.alertId()));
      acks.add(producer.send(new ProducerRecord<>(topic, null, utf8(a.deviceId()), utf8(a.json()), h)));
    }
    producer.flush();
    try {
      for (Future<RecordMetadata> f : acks) f.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new LakehouseException("Kafka did not take " + alerts.size() + " alerts on topic " + topic,
          (e instanceof ExecutionException ? e.getCause() : e).toString(),
          "check that Kafka runs at " + PlatformKeys.KAFKA_BOOTSTRAP.name() + " and the topic exists ("
              + PlatformKeys.TOPIC_ALERTS.name() + "); the hot path resumes from its checkpoint and sends the batch again",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending alerts", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
