package io.iotlakehouse.edge;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Path;
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
    return keys;
  }

  public static void main(String[] args) throws InterruptedException {
    Config config;
    try {
      config = parse(args);
    } catch (LakehouseException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Gateway gateway = new Gateway(config).start();
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
    Path file = null;
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--conf") || a.equals("--config-file")) && i + 1 >= args.length) {
        throw new LakehouseException("Missing value after " + a, "the option takes an argument", "write " + a + " <value>");
      }
      switch (a) {
        case "--conf" -> overrides.add(args[++i]);
        case "--config-file" -> file = Path.of(args[++i]);
        default -> throw new LakehouseException("Unknown argument '" + a + "'",
            "the gateway takes only --config-file F and --conf key=value", "remove it or write it as --conf key=value");
      }
    }
    Config config = Config.load(keys(), file, overrides);
    for (ConfigKey<?> required : List.of(PlatformKeys.KAFKA_BOOTSTRAP, PlatformKeys.MQTT_HOST)) {
      if (config.get(required).toString().isBlank()) {
        throw new LakehouseException("Missing " + required.name(), "a gateway connects to existing brokers and never starts them",
            "pass --conf " + required.name() + "=<value> (" + required.doc() + ")");
      }
    }
    return config;
  }
}
