package io.iotlakehouse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Kafka broker (KRaft, combined broker + controller, Kafka 4.x) in its own JVM, bound to 127.0.0.1. The data
 * folder and cluster id survive restarts, so a second start resumes with every topic and offset intact.
 */
public final class KafkaServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final String heap;
  private final Duration startTimeout;
  private ChildProcess child;

  public KafkaServer(Path dir, int port, int controllerPort, String heap, Duration startTimeout) {
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.controllerPort = controllerPort;
    this.heap = heap;
    this.startTimeout = startTimeout;
  }

  public KafkaServer start() {
    if (Ports.inUse(port)) throw StackException.portTaken("Kafka broker", port, "stack.kafka.port");
    if (Ports.inUse(controllerPort)) {
      throw StackException.portTaken("Kafka controller", controllerPort, "stack.kafka.controller-port");
    }
    Path props = writeConfig();
    child = ChildProcess.startJvm(
        "kafka-broker",
        ChildProcess.serverClasspath("kafka-broker"),
        "io.iotlakehouse.kafkabroker.KafkaBrokerMain",
        List.of("-Xmx" + heap, "-Xms256m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
            "-Dlog4j2.configurationFile=kafka-broker-log4j2.xml"),
        List.of(props.toString(), clusterId()),
        dir.resolve("kafka.log"));
    Await.ready("Kafka broker", child, startTimeout, () -> Ports.accepts("127.0.0.1", port) && answers());
    return this;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public ChildProcess process() {
    return child;
  }

  /** SIGKILL the broker (fault tests). */
  public void kill() {
    child.kill();
  }

  private boolean answers() {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  private String clusterId() {
    Path file = dir.resolve("cluster.id");
    try {
      if (!Files.exists(file)) {
        // Kafka cluster ids are 16 bytes, base64url without padding (22 chars); like Kafka's Uuid, never
        // starting with '-', which a command line would take for an option.
        String id;
        do {
          UUID u = UUID.randomUUID();
          ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
          id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
        } while (id.startsWith("-"));
        Files.createDirectories(dir);
        Files.writeString(file, id);
      }
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path writeConfig() {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("data").toString());
    p.setProperty("num.partitions", "4");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("log.retention.hours", "168");
    p.setProperty("message.max.bytes", String.valueOf(2 * 1024 * 1024));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("server.properties");
      try (var w = Files.newBufferedWriter(file)) {
        p.store(w, "written by the lakehouse local stack; rewritten at every start");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (child != null) child.close();
  }
}
