package io.iotlakehouse.simulators;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.TlsRole;

/**
 * MQTT clients that connect as a device: client id = device id and, when {@code mqtt.tls.ca-file} is set, TLS with
 * the device's own certificate from {@code mqtt.tls.identity-dir} (the broker takes the device's identity from it).
 */
public final class DeviceClients {
  private DeviceClients() {}

  public static Mqtt5ClientBuilder builder(Config config, String deviceId, String host, int port) {
    Mqtt5ClientBuilder b = Mqtt5Client.builder().identifier(deviceId).serverHost(host).serverPort(port);
    ClientTls.mqtt(config, TlsRole.DEVICE, deviceId).ifPresent(tls -> b.sslConfig(MqttClientSslConfig.builder()
        .keyManagerFactory(tls.keyManagers()).trustManagerFactory(tls.trustManagers()).build()));
    return b;
  }
}
