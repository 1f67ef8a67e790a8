package io.iotlakehouse.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * An embedded KRaft cluster of N nodes, each a {@link KafkaServer} (combined broker + controller) in its own JVM on
 * 127.0.0.1, sharing one cluster id and one static {@code controller.quorum.voters}. One node is the local stack's
 * single broker, exactly as before (folder {@code dir} itself); with more, node {@code i} lives in
 * {@code dir/node-<i>} and the cluster id in {@code dir/cluster.id}. With 3 or more nodes, topics and the internal
 * topics get replication 3 and {@code min.insync.replicas} 2 ({@link KafkaServer#serverProperties}).
 */
public final class KafkaCluster implements AutoCloseable {
  private final List<KafkaServer> nodes;

  private KafkaCluster(List<KafkaServer> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * A cluster of {@code quorum.size()} nodes under {@code dir}; {@code secure} maps a node to its secure listener (or
   * null for none).
   */
  public static KafkaCluster of(Path dir, List<KafkaServer.Node> quorum, String heap, Duration startTimeout,
      Function<KafkaServer.Node, KafkaServer.Secure> secure) {
    if (quorum.isEmpty()) throw new IllegalArgumentException("a Kafka cluster needs at least one node");
    if (quorum.stream().map(KafkaServer.Node::id).distinct().count() != quorum.size()) {
      throw new IllegalArgumentException("node ids repeat in " + quorum);
    }
    List<KafkaServer> servers = new ArrayList<>();
    for (KafkaServer.Node n : quorum) {
      KafkaServer s = quorum.size() == 1
          ? new KafkaServer(dir, n.port(), n.controllerPort(), heap, startTimeout)
          : new KafkaServer(dir.resolve("node-" + n.id()), n, quorum, dir.resolve("cluster.id"), heap, startTimeout);
      KafkaServer.Secure sec = secure.apply(n);
      if (sec != null) s.secure(sec);
      servers.add(s);
    }
    return new KafkaCluster(servers);
  }

  /**
   * Node ids 1..{@code count}: node 1 on {@code port} / {@code controllerPort} (the configured ones), the others on
   * ports free at this moment.
   */
  public static List<KafkaServer.Node> plan(int count, int port, int controllerPort) {
    if (count < 1) throw new IllegalArgumentException("a Kafka cluster needs at least one node, not " + count);
    List<KafkaServer.Node> nodes = new ArrayList<>();
    nodes.add(new KafkaServer.Node(1, port, controllerPort));
    for (int id = 2; id <= count; id++) nodes.add(new KafkaServer.Node(id, Ports.free(), Ports.free()));
    return nodes;
  }

  /** Starts every node's JVM, then waits for each (a quorum needs a majority up before any node is ready). */
  public KafkaCluster start() {
    try {
      nodes.forEach(KafkaServer::launch);
      nodes.forEach(KafkaServer::awaitReady);
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public List<KafkaServer> nodes() {
    return nodes;
  }

  public int size() {
    return nodes.size();
  }

  /** Node {@code id} (1-based). */
  public KafkaServer node(int id) {
    return nodes.stream().filter(n -> n.node().id() == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in a cluster of " + nodes.size()));
  }

  /** Replicas per partition of the platform's topics: 3, or every node when there are fewer. */
  public short replication() {
    return (short) KafkaServer.replication(nodes.size());
  }

  /** Every node's plaintext address, comma-separated: what jobs and tools bootstrap from. */
  public String bootstrapServers() {
    return nodes.stream().map(KafkaServer::bootstrapServers).collect(Collectors.joining(","));
  }

  /** How a gateway reaches the secure listeners of every node; empty when there are none. */
  public Optional<KafkaServer.GatewayAccess> gatewayAccess() {
    List<KafkaServer.GatewayAccess> all = nodes.stream().map(KafkaServer::gatewayAccess).flatMap(Optional::stream).toList();
    if (all.isEmpty()) return Optional.empty();
    return Optional.of(new KafkaServer.GatewayAccess(
        all.stream().map(KafkaServer.GatewayAccess::bootstrapServers).collect(Collectors.joining(",")), all.get(0).security()));
  }

  /** SIGKILL every node (an outage of the whole cluster). */
  public void kill() {
    nodes.forEach(KafkaServer::kill);
  }

  /** Stops every node cleanly (SIGTERM to all at once, SIGKILL after the grace period), as a full cluster stop. */
  public void stop() {
    List<Thread> stops = new ArrayList<>();
    for (KafkaServer n : nodes) {
      Thread t = new Thread(n::close, "stop-kafka-node-" + n.node().id());
      t.start();
      stops.add(t);
    }
    for (Thread t : stops) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Partitions (internal topics included) whose in-sync replicas are fewer than their replicas, or that have no
   * leader; 0 once every replica has caught up. Throws when the cluster cannot be asked.
   */
  public int underReplicatedPartitions() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
      Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(5, TimeUnit.SECONDS);
      Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
      int under = 0;
      for (TopicDescription d : described.values()) {
        for (TopicPartitionInfo p : d.partitions()) {
          if (p.leader() == null || p.leader().isEmpty() || p.isr().size() < p.replicas().size()) under++;
        }
      }
      return under;
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new IllegalStateException("cannot describe the topics of the Kafka cluster at " + bootstrapServers() + ": " + e, e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
