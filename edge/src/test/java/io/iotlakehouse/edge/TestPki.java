package io.iotlakehouse.edge;

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.simulators.Fleet;
import io.iotlakehouse.stack.DevPki;
import java.util.List;

/** Identities of the dev PKI for tests against brokers that require them. */
final class TestPki {
  private TestPki() {}

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
