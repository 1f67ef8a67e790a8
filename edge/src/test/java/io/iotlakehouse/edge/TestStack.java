package io.iotlakehouse.edge;

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.simulators.Fleet;
import io.iotlakehouse.simulators.SimulatorKeys;
import io.iotlakehouse.stack.DevPki;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.StackKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The local stack on free ports for the gateway's tests, and identities of its dev PKI for clients. */
final class TestStack {
  private TestStack() {}

  /** Starts the local stack (its defaults: MQTT over TLS, Kafka SASL_SSL listener) on free ports, plus {@code settings}. */
  static LocalStack start(Path work, String... settings) {
    List<ConfigKey<?>> keys = new ArrayList<>(GatewayMain.keys());
    keys.addAll(StackKeys.keys());
    keys.addAll(SimulatorKeys.keys());
    List<String> conf = new ArrayList<>(List.of("lakehouse.work-dir=" + work, "stack.kafka.port=" + Ports.free(),
        "stack.kafka.controller-port=" + Ports.free(), "stack.kafka.secure-port=" + Ports.free(), "mqtt.port=" + Ports.free(),
        "stack.redis.port=" + Ports.free()));
    conf.addAll(List.of(settings));
    return LocalStack.start(Config.load(keys, null, conf));
  }

  /** Certificates for the config's simulated fleet and for the given gateways. */
  static void issue(DevPki pki, Config cfg, String... gatewayIds) {
    pki.issueAll(TlsRole.DEVICE, Fleet.registrations(cfg).stream().map(Fleet.Registration::deviceId).toList());
    pki.issueAll(TlsRole.GATEWAY, List.of(gatewayIds));
  }

  /** An MQTT client presenting {@code name}'s certificate of {@code role}, connecting as {@code clientId}. */
  static Mqtt5ClientBuilder client(DevPki pki, TlsRole role, String name, String clientId, String host, int port) {
    return client(pki.issue(role, name), clientId, host, port);
  }

  static Mqtt5ClientBuilder client(ClientTls tls, String clientId, String host, int port) {
    return Mqtt5Client.builder().identifier(clientId).serverHost(host).serverPort(port).sslConfig(Gateway.sslConfig(tls));
  }
}
