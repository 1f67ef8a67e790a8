package io.iotlakehouse.stack;

import io.iotlakehouse.common.kafka.KafkaClientSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * A real Kafka broker (KRaft, combined broker + controller, Kafka 4.x) in its own JVM, bound to 127.0.0.1. The data
 * folder and cluster id survive restarts, so a second start resumes with every topic and offset intact. Besides its
 * plaintext listener it can have a secure one ({@link #secure}) for gateways: TLS with the dev PKI's server
 * certificate, and SCRAM-SHA-512 login as {@link #GATEWAY_USER}. Alone it is a one-node cluster (node id 1); as a
 * node of a {@link KafkaCluster} it shares the cluster id and {@code controller.quorum.voters} with the others.
 */
public final class KafkaServer implements AutoCloseable {
  /** The SCRAM user of gateways on the secure listener; its password is a dev secret of the PKI folder. */
  public static final String GATEWAY_USER = "edge-gateway";
  private static final String SASL_MECHANISM = "SCRAM-SHA-512";

  /** The secure listener: {@code protocol} SSL or SASL_SSL on {@code port}, certificates from {@code pki}. */
  public record Secure(String protocol, int port, DevPki pki) {
    public Secure {
      if (!protocol.equals("SSL") && !protocol.equals("SASL_SSL")) throw new IllegalArgumentException(protocol);
    }
  }

  /** How a gateway reaches the secure listener (the password as a {@code file:} reference into the PKI folder). */
  public record GatewayAccess(String bootstrapServers, KafkaClientSecurity security) {}

  /** A node of a KRaft quorum: its {@code node.id} and its client and controller ports on 127.0.0.1. */
  public record Node(int id, int port, int controllerPort) {
    public Node {
      if (id < 1) throw new IllegalArgumentException("node id " + id + " < 1");
    }

    String voter() {
      return id + "@127.0.0.1:" + controllerPort;
    }
  }

  private final Path dir;
  private final Node self;
  private final List<Node> quorum;
  private final Path clusterIdFile;
  private final int port;
  private final int controllerPort;
  private final String heap;
  private final Duration startTimeout;
  private Secure secure;
  private ChildProcess child;

  /** A one-node cluster (node id 1) with its data, config, cluster id and log under {@code dir}. */
  public KafkaServer(Path dir, int port, int controllerPort, String heap, Duration startTimeout) {
    this(dir, new Node(1, port, controllerPort), List.of(new Node(1, port, controllerPort)), dir.resolve("cluster.id"), heap,
        startTimeout);
  }

  /**
   * Node {@code self} of the KRaft quorum {@code quorum} (every node combined broker + controller): data, config and log
   * under {@code dir}, the cluster id shared through {@code clusterIdFile} (created by the first node that starts).
   */
  KafkaServer(Path dir, Node self, List<Node> quorum, Path clusterIdFile, String heap, Duration startTimeout) {
    if (!quorum.contains(self)) throw new IllegalArgumentException("node " + self + " is not in the quorum " + quorum);
    this.dir = dir.toAbsolutePath();
    this.self = self;
    this.quorum = List.copyOf(quorum);
    this.clusterIdFile = clusterIdFile.toAbsolutePath();
    this.port = self.port();
    this.controllerPort = self.controllerPort();
    this.heap = heap;
    this.startTimeout = startTimeout;
  }

  /** Adds the secure listener (before {@link #start}). */
  public KafkaServer secure(Secure secure) {
    this.secure = secure;
    return this;
  }

  /** Starts the node and waits until it answers; alone, or when the rest of its quorum is up. */
  public KafkaServer start() {
    launch();
    awaitReady();
    return this;
  }

  /** Spawns the node's JVM (formatting its folder on first start) without waiting for it. */
  void launch() {
    if (Ports.inUse(port)) throw StackException.portTaken("Kafka broker", port, "stack.kafka.port");
    if (Ports.inUse(controllerPort)) {
      throw StackException.portTaken("Kafka controller", controllerPort, "stack.kafka.controller-port");
    }
    if (secure != null && Ports.inUse(secure.port())) {
      throw StackException.portTaken("Kafka secure listener", secure.port(), StackKeys.KAFKA_SECURE_PORT.name());
    }
    Path props = writeConfig();
    child = ChildProcess.startJvm(
        "kafka-broker",
        ChildProcess.serverClasspath("kafka-broker"),
        "io.iotlakehouse.kafkabroker.KafkaBrokerMain",
        List.of("-Xmx" + heap, "-Xms256m", "-XX:+UseG1GC", ChildProcess.DEV_SERVER_JIT, "-Djava.awt.headless=true",
            "-Dlog4j2.configurationFile=kafka-broker-log4j2.xml"),
        List.of(props.toString(), clusterId()),
        dir.resolve("kafka.log"));
  }

  /** Waits until the node answers and lists itself as a broker of the cluster (and the gateway user exists). */
  void awaitReady() {
    String what = quorum.size() == 1 ? "Kafka broker" : "Kafka node " + self.id();
    Await.ready(what, child, startTimeout, () -> Ports.accepts("127.0.0.1", port) && answers());
    if (secure != null && secure.protocol().equals("SASL_SSL")) {
      String password = gatewayPassword();
      Await.ready("Kafka SCRAM user " + GATEWAY_USER, child, startTimeout, () -> upsertGatewayUser(password));
    }
  }

  public Node node() {
    return self;
  }

  /** How a gateway reaches the secure listener; empty when there is none. */
  public Optional<GatewayAccess> gatewayAccess() {
    if (secure == null) return Optional.empty();
    boolean sasl = secure.protocol().equals("SASL_SSL");
    return Optional.of(new GatewayAccess("127.0.0.1:" + secure.port(), new KafkaClientSecurity(secure.protocol(),
        secure.pki().caFile(), sasl ? SASL_MECHANISM : "", sasl ? GATEWAY_USER : "", sasl ? "file:" + passwordFile() : "")));
  }

  private Path passwordFile() {
    return secure.pki().secretFile("kafka-" + GATEWAY_USER + ".password");
  }

  private String gatewayPassword() {
    try {
      return Files.readString(passwordFile()).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates or updates the gateway's SCRAM credential (idempotent); true once the broker lists it. */
  private boolean upsertGatewayUser(String password) {
    try (Admin admin = admin()) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(GATEWAY_USER,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(10, TimeUnit.SECONDS);
      return admin.describeUserScramCredentials(List.of(GATEWAY_USER)).all().get(10, TimeUnit.SECONDS).containsKey(GATEWAY_USER);
    } catch (Exception e) {
      return false;
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public ChildProcess process() {
    return child;
  }

  /** SIGKILL the broker (fault tests); a no-op when it was never started. */
  public void kill() {
    if (child != null) child.kill();
  }

  /** True while the node's JVM runs. */
  public boolean isAlive() {
    return child != null && child.isAlive();
  }

  private boolean answers() {
    try (Admin admin = admin()) {
      return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == self.id());
    } catch (Exception e) {
      return false;
    }
  }

  private String clusterId() {
    Path file = clusterIdFile;
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
        Files.createDirectories(file.getParent());
        Files.writeString(file, id);
      }
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path writeConfig() {
    Properties p = serverProperties(self, quorum, dir.resolve("data"), secure);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("server.properties");
      Files.deleteIfExists(file);
      // it may hold the key store password: readable by this user only
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (var w = Files.newBufferedWriter(file)) {
        p.store(w, "written by the lakehouse local stack; rewritten at every start");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code server.properties} of node {@code self} in {@code quorum}: combined broker + controller, PLAINTEXT on its
   * port (also between brokers), CONTROLLER on its controller port, the optional SECURE listener, every address on
   * 127.0.0.1. Replication of the internal topics and the defaults for new topics follow the cluster size: with 3 or
   * more nodes replication 3 and {@code min.insync.replicas} 2 (one node may be down without stopping acks=all
   * producers), with fewer replication = nodes and min.insync.replicas 1.
   */
  static Properties serverProperties(Node self, List<Node> quorum, Path dataDir, Secure secure) {
    int replication = replication(quorum.size());
    int minIsr = minInsyncReplicas(quorum.size());
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", String.valueOf(self.id()));
    p.setProperty("controller.quorum.voters", quorum.stream().map(Node::voter).collect(Collectors.joining(",")));
    String listeners = "PLAINTEXT://127.0.0.1:" + self.port();
    String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
    if (secure != null) {
      listeners += ",SECURE://127.0.0.1:" + secure.port();
      protocols += ",SECURE:" + secure.protocol();
      DevPki.ServerStores stores = secure.pki().server();
      p.setProperty("listener.name.secure.ssl.keystore.type", "PKCS12");
      p.setProperty("listener.name.secure.ssl.keystore.location", stores.keyStore().toString());
      p.setProperty("listener.name.secure.ssl.keystore.password", stores.password());
      p.setProperty("listener.name.secure.ssl.key.password", stores.password());
      if (secure.protocol().equals("SASL_SSL")) {
        p.setProperty("listener.name.secure.sasl.enabled.mechanisms", SASL_MECHANISM);
        p.setProperty("listener.name.secure.scram-sha-512.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      }
    }
    p.setProperty("listeners", listeners + ",CONTROLLER://127.0.0.1:" + self.controllerPort());
    p.setProperty("advertised.listeners", listeners);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", protocols);
    p.setProperty("log.dirs", dataDir.toString());
    p.setProperty("num.partitions", "4");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("default.replication.factor", String.valueOf(replication));
    p.setProperty("min.insync.replicas", String.valueOf(minIsr));
    p.setProperty("unclean.leader.election.enable", "false");
    p.setProperty("offsets.topic.replication.factor", String.valueOf(replication));
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", String.valueOf(replication));
    p.setProperty("transaction.state.log.min.isr", String.valueOf(minIsr));
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("log.retention.hours", "168");
    p.setProperty("message.max.bytes", String.valueOf(2 * 1024 * 1024));
    return p;
  }

  /** Replicas per partition in a cluster of {@code nodes}: 3, or every node when there are fewer. */
  public static int replication(int nodes) {
    return Math.min(3, nodes);
  }

  /** {@code min.insync.replicas} in a cluster of {@code nodes}: 2 from 3 nodes on, else 1. */
  public static int minInsyncReplicas(int nodes) {
    return nodes >= 3 ? 2 : 1;
  }

  @Override
  public void close() {
    if (child != null) child.close();
  }
}
