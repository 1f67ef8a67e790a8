package io.iotlakehouse.mqttbroker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded HiveMQ Community Edition broker in this JVM with the {@code config.xml} found in the given folder
 * (written by the stack module). Usage: {@code MqttBrokerMain <config-folder> <data-folder>}. Prints
 * {@code MQTT broker started} once it accepts connections, and stops cleanly on SIGTERM.
 */
public final class MqttBrokerMain {
  private MqttBrokerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: MqttBrokerMain <config-folder> <data-folder>");
      System.exit(2);
    }
    Path config = Path.of(args[0]);
    Path data = Path.of(args[1]);
    Path extensions = data.resolve("extensions");
    Files.createDirectories(extensions);
    EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
        .withConfigurationFolder(config)
        .withDataFolder(data)
        .withExtensionsFolder(extensions)
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        hivemq.stop().join();
      } finally {
        stopped.countDown();
      }
    }, "mqtt-broker-shutdown"));
    hivemq.start().join();
    System.out.println("MQTT broker started");
    stopped.await();
  }
}
