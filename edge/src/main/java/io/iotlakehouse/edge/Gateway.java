package io.iotlakehouse.edge;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.edge.io.KafkaForwarder;
import io.iotlakehouse.edge.io.MqttIngress;
import io.iotlakehouse.edge.transform.EnvelopeCheck;
import io.iotlakehouse.edge.transform.Verdict;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway agent: MQTT in, envelope check, Kafka out. A device's QoS 1 publish is acknowledged only after Kafka
 * has the event (or its dead letter) with acks=all, so a crash at any point loses nothing: unacknowledged messages
 * are redelivered by the broker to the gateway's persistent session.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final EnvelopeCheck check;
  private final KafkaForwarder forwarder;
  private final MqttIngress ingress;
  private final Phaser pending = new Phaser(1);
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean accepting = true;

  public Gateway(Config config) {
    String id = config.get(GatewayKeys.GATEWAY_ID);
    this.check = new EnvelopeCheck(config.get(GatewayKeys.MAX_PAYLOAD));
    this.forwarder = new KafkaForwarder(config.get(PlatformKeys.KAFKA_BOOTSTRAP), config.get(PlatformKeys.TOPIC_TELEMETRY),
        config.get(PlatformKeys.TOPIC_DEAD_LETTER), id, config.get(GatewayKeys.MAX_PAYLOAD),
        config.get(GatewayKeys.DELIVERY_TIMEOUT), config.get(GatewayKeys.COMPRESSION));
    this.ingress = new MqttIngress(config.get(PlatformKeys.MQTT_HOST), config.get(PlatformKeys.MQTT_PORT),
        "gateway-" + id, config.get(GatewayKeys.TOPIC_FILTER), this::onMessage);
  }

  public Gateway start() {
    ingress.start();
    return this;
  }

  private void onMessage(Mqtt5Publish publish) {
    if (!accepting) return; // shutting down: leave it unacknowledged, the broker redelivers it
    long received = System.currentTimeMillis();
    String topic = publish.getTopic().toString();
    byte[] payload = publish.getPayloadAsBytes();
    Verdict v = check.check(topic, payload);
    pending.register();
    forwarder.forward(v, topic, payload, received).whenComplete((ok, err) -> {
      try {
        if (err == null) {
          publish.acknowledge();
          (v instanceof Verdict.Accepted ? forwarded : deadLettered).incrementAndGet();
        } else {
          failures.incrementAndGet();
          LOG.error("Kafka did not take a message from {} ({}); it stays unacknowledged and is redelivered after a "
              + "reconnect. Check that Kafka is reachable at kafka.bootstrap-servers.", topic, err.toString());
        }
      } finally {
        pending.arriveAndDeregister();
      }
    });
  }

  public long forwarded() {
    return forwarded.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  public long failures() {
    return failures.get();
  }

  /** Stops taking messages, waits for those in flight to reach Kafka and be acknowledged, then disconnects. */
  @Override
  public void close() {
    accepting = false;
    forwarder.flush();
    try {
      pending.awaitAdvanceInterruptibly(pending.arrive(), 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      LOG.warn("messages still in flight at shutdown; they are redelivered on the next start");
    }
    ingress.close();
    forwarder.close();
    LOG.info("gateway stopped: {} forwarded, {} dead-lettered, {} failures", forwarded(), deadLettered(), failures());
  }
}
