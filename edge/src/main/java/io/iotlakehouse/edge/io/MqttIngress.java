package io.iotlakehouse.edge.io;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT side: a persistent session (clean start off, no expiry), so QoS 1 messages that arrive while
 * the gateway is down are queued by the broker, and messages it received but never acknowledged are redelivered
 * after a restart. Acknowledgement is manual: the handler acks only once the message is safe (durably buffered).
 * At most {@code receiveMaximum} messages are unacknowledged at once (MQTT 5 flow control): when the gateway stops
 * acknowledging (buffer full, policy block), the broker stops sending and queues for the session.
 */
public final class MqttIngress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttIngress.class);
  private final Mqtt5AsyncClient client;
  private final String topicFilter;
  private final int receiveMaximum;
  private final String willTopic;
  private final byte[] willPayload;

  /** {@code tls}: the gateway's TLS client settings (its certificate, the broker's CA), or null for plain TCP. */
  public MqttIngress(String host, int port, MqttClientSslConfig tls, String sessionId, String topicFilter,
      int receiveMaximum, String willTopic, byte[] willPayload, Consumer<Mqtt5Publish> handler) {
    this.topicFilter = topicFilter;
    this.receiveMaximum = receiveMaximum;
    this.willTopic = willTopic;
    this.willPayload = willPayload;
    this.client = Mqtt5Client.builder()
        .identifier(sessionId)
        .serverHost(host)
        .serverPort(port)
        .sslConfig(tls)
        .automaticReconnectWithDefaultConfig()
        .addConnectedListener(ctx -> LOG.info("gateway connected to MQTT {}:{}{}", host, port, tls == null ? "" : " over TLS"))
        .addDisconnectedListener(ctx -> LOG.warn("gateway disconnected from MQTT: {}", ctx.getCause().toString()))
        .buildAsync();
    // Registered before connecting, so messages queued in the session are not missed.
    client.publishes(MqttGlobalPublishFilter.ALL, handler, true);
  }

  public void start() {
    var connect = client.connectWith().cleanStart(false).noSessionExpiry().keepAlive(30)
        .restrictions().receiveMaximum(receiveMaximum).applyRestrictions();
    if (willTopic != null) {
      connect = connect.willPublish().topic(willTopic).payload(willPayload).qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish();
    }
    connect.send().orTimeout(60, TimeUnit.SECONDS).join();
    client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send().orTimeout(60, TimeUnit.SECONDS).join();
  }

  /**
   * Subscribes (QoS 1) to one more topic filter, e.g. the gateway's control topic; its messages reach the same handler
   * (which must tell them apart by topic and acknowledge them). Blocks until the broker answered; throws when it refused.
   */
  public void subscribe(String filter) {
    var ack = client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().orTimeout(60, TimeUnit.SECONDS).join();
    ack.getReasonCodes().forEach(code -> {
      if (code.isError()) throw new IllegalStateException("the MQTT broker refused the subscription to " + filter + ": " + code);
    });
  }

  /** Publishes a retained QoS 0 message (heartbeats); never blocks. */
  public CompletableFuture<?> publishRetained(String topic, byte[] payload) {
    return client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).retain(true).payload(payload).send();
  }

  /** Publishes a QoS 1 message, not retained (local alerts); never blocks, the future fails when the broker refuses it. */
  public CompletableFuture<?> publish(String topic, byte[] payload) {
    return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
  }

  public boolean connected() {
    return client.getState().isConnected();
  }

  @Override
  public void close() {
    CompletableFuture<Void> d = client.disconnect();
    try {
      d.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("MQTT disconnect did not complete cleanly: {}", e.toString());
    }
  }
}
