package io.iotlakehouse.edge;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.edge.inference.InferenceKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one gateway until SIGTERM. Arguments: {@code [--config-file F] [--conf key=value]...}. Needs
 * {@code kafka.bootstrap-servers} and {@code mqtt.host}: a gateway never starts brokers itself.
 */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {}

  public static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(GatewayKeys.keys());
    keys.addAll(InferenceKeys.keys());
    keys.addAll(io.iotlakehouse.edge.rollout.RolloutKeys.gatewayKeys());
    return keys;
  }

  public static void main(String[] args) throws InterruptedException {
    Config config;
    Gateway gateway;
    try {
      config = parse(args);
      gateway = new Gateway(config).start(); // bad config, a taken port or a locked buffer fail here with what/why/fix
    } catch (LakehouseException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close();
      stopped.countDown();
    }, "gateway-shutdown"));
    LOG.info("gateway {} running: MQTT {}:{} -> Kafka {} topic {}", config.get(GatewayKeys.GATEWAY_ID),
        config.get(PlatformKeys.MQTT_HOST), config.get(PlatformKeys.MQTT_PORT), config.get(PlatformKeys.KAFKA_BOOTSTRAP),
        config.get(PlatformKeys.TOPIC_TELEMETRY));
    System.out.println("gateway started");
    stopped.await();
  }

  static Config parse(String[] args) {
    Config config = ConfigArgs.parse(args, keys());
    ConfigArgs.require(config, PlatformKeys.KAFKA_BOOTSTRAP, "a gateway connects to existing brokers and never starts them");
    ConfigArgs.require(config, PlatformKeys.MQTT_HOST, "a gateway connects to existing brokers and never starts them");
    return config;
  }
}
