package io.iotlakehouse.mqttbroker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import io.iotlakehouse.mqttbroker.security.DeviceIdentityExtension;
import io.iotlakehouse.mqttbroker.security.TopicAcl;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded HiveMQ Community Edition broker in this JVM with the {@code config.xml} found in the given folder
 * (written by the stack module). Usage: {@code MqttBrokerMain <config-folder> <data-folder>}. When the config folder
 * also holds {@code lakehouse-security.properties} (the topic ACL, see {@link TopicAcl}), the device identity
 * extension is embedded: clients are identified by their TLS certificate and may use only the topics the ACL gives
 * them. Prints {@code MQTT broker started} once it accepts connections, and stops cleanly on SIGTERM.
 */
public final class MqttBrokerMain {
  /** The ACL file in the config folder; its presence turns on the device identity extension. */
  public static final String SECURITY_FILE = "lakehouse-security.properties";

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
    EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
        .withConfigurationFolder(config)
        .withDataFolder(data)
        .withExtensionsFolder(extensions);
    Path security = config.resolve(SECURITY_FILE);
    if (Files.exists(security)) {
      Properties acl = new Properties();
      try (Reader r = Files.newBufferedReader(security)) {
        acl.load(r);
      }
      builder.withEmbeddedExtension(EmbeddedExtension.builder()
          .withId("lakehouse-device-identity").withName("Device identity and topic ACLs").withVersion("1")
          .withPriority(1000).withStartPriority(1000)
          .withExtensionMain(new DeviceIdentityExtension(TopicAcl.from(acl))).build());
    }
    EmbeddedHiveMQ hivemq = builder.build();
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
