package io.iotlakehouse.edge.rollout;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.Gateway;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The controller's MQTT side: every gateway's retained heartbeat ({@code gateways/+/heartbeat}, kept up to date) and
 * the retained desired model per gateway ({@code gateways/<id>/model/desired}, QoS 1, PUBACK awaited: a broker that
 * refuses it fails the call). Connects with a clean session as the controller identity.
 */
public final class GatewayDirectory implements RolloutController.Gateways, AutoCloseable {
  private final Mqtt5AsyncClient client;
  private final Map<String, GatewayReport> reports = new ConcurrentHashMap<>();
  private volatile long lastArrival = System.nanoTime();

  /** {@code tls}: the controller's client TLS settings, or null for plain TCP. */
  public GatewayDirectory(String host, int port, MqttClientSslConfig tls, String clientId) {
    client = Mqtt5Client.builder().identifier(clientId).serverHost(host).serverPort(port).sslConfig(tls)
        .automaticReconnectWithDefaultConfig().buildAsync();
    try {
      client.connectWith().cleanStart(true).keepAlive(30).send().get(30, TimeUnit.SECONDS);
      var ack = client.subscribeWith().topicFilter("gateways/+/heartbeat").qos(MqttQos.AT_LEAST_ONCE)
          .callback(p -> {
            String[] levels = p.getTopic().toString().split("/");
            if (levels.length != 3) return;
            GatewayReport r = GatewayReport.parse(levels[1], p.getPayloadAsBytes());
            if (r != null) reports.put(levels[1], r);
            lastArrival = System.nanoTime();
          }).send().get(30, TimeUnit.SECONDS);
      if (ack.getReasonCodes().stream().anyMatch(c -> c.isError())) {
        throw new IllegalStateException("the broker refused the subscription to gateways/+/heartbeat: " + ack.getReasonCodes());
      }
      // the retained heartbeats come after the SUBACK: settle's quiet time counts from here, not from before the TLS
      // connect (a connect slower than the quiet time made `models status` print no gateway at all)
      lastArrival = System.nanoTime();
    } catch (Exception e) {
      client.disconnect();
      throw new LakehouseException("Cannot read the gateways' heartbeats from MQTT " + host + ":" + port + " as " + clientId,
          e.toString(), "check mqtt.host/mqtt.port, and over TLS that the controller certificate exists ("
          + "`lakehouse pki issue --controller " + clientId + "`) and stack.mqtt.acl.controller-subscribe allows "
          + "gateways/+/heartbeat", e);
    }
  }

  /**
   * Connects to {@code mqtt.host}:{@code mqtt.port} as {@code edge.rollout.controller-id} (over TLS with its
   * controller certificate when {@code mqtt.tls.ca-file} is set) and waits for the retained heartbeats.
   */
  public static GatewayDirectory connect(Config config) {
    String id = config.get(RolloutKeys.CONTROLLER_ID);
    return new GatewayDirectory(config.get(PlatformKeys.MQTT_HOST), config.get(PlatformKeys.MQTT_PORT),
        ClientTls.mqtt(config, TlsRole.CONTROLLER, id).map(Gateway::sslConfig).orElse(null), id).settle(500, 5_000);
  }

  /** Waits until the retained heartbeats have arrived: no new one for {@code quietMillis}, at most {@code maxMillis}. */
  public GatewayDirectory settle(long quietMillis, long maxMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
    while (System.nanoTime() < deadline && System.nanoTime() - lastArrival < TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return this;
  }

  @Override
  public Map<String, GatewayReport> reports() {
    return new TreeMap<>(reports);
  }

  @Override
  public void tell(String gatewayId, DesiredModel desired) {
    String topic = DesiredModel.topic(gatewayId);
    Mqtt5PublishResult r;
    try {
      r = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(desired.toJson()).send()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw refused(topic, e.toString(), e);
    }
    if (r.getError().isPresent()) throw refused(topic, r.getError().get().toString(), r.getError().get());
  }

  private static LakehouseException refused(String topic, String why, Throwable cause) {
    return new LakehouseException("The MQTT broker did not take the desired model on " + topic, why,
        "check that the controller identity may publish there (stack.mqtt.acl.controller-publish, default "
            + "gateways/+/model/desired) and that the broker is up", cause);
  }

  @Override
  public void close() {
    try {
      client.disconnect().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
  }
}
