package io.iotlakehouse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server.properties each node of an embedded KRaft cluster gets (no JVM started). */
class KafkaClusterConfigTest {
  @TempDir Path dir;

  private static final List<KafkaServer.Node> THREE = List.of(
      new KafkaServer.Node(1, 9101, 9201), new KafkaServer.Node(2, 9102, 9202), new KafkaServer.Node(3, 9103, 9203));

  @Test
  void everyNodeOfAThreeNodeClusterSharesTheVotersAndHasItsOwnIdPortsAndFolder() {
    for (KafkaServer.Node n : THREE) {
      Properties p = KafkaServer.serverProperties(n, THREE, dir.resolve("node-" + n.id()).resolve("data"), null);
      assertThat(p.getProperty("node.id")).isEqualTo(String.valueOf(n.id()));
      assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
      assertThat(p.getProperty("controller.quorum.voters"))
          .isEqualTo("1@127.0.0.1:9201,2@127.0.0.1:9202,3@127.0.0.1:9203");
      assertThat(p.getProperty("listeners"))
          .isEqualTo("PLAINTEXT://127.0.0.1:" + n.port() + ",CONTROLLER://127.0.0.1:" + n.controllerPort());
      assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:" + n.port());
      assertThat(p.getProperty("log.dirs")).isEqualTo(dir.resolve("node-" + n.id()).resolve("data").toString());
    }
  }

  @Test
  void threeNodesReplicateThreeTimesAndNeedTwoInSyncSoOneNodeMayBeDown() {
    Properties p = KafkaServer.serverProperties(THREE.get(1), THREE, dir, null);
    assertThat(p.getProperty("default.replication.factor")).isEqualTo("3");
    assertThat(p.getProperty("min.insync.replicas")).isEqualTo("2");
    assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
    assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("3");
    assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("2");
    assertThat(p.getProperty("unclean.leader.election.enable")).isEqualTo("false");
  }

  @Test
  void aSingleNodeIsTheLocalStacksBrokerAsBefore() {
    KafkaServer.Node one = new KafkaServer.Node(1, 19092, 19093);
    Properties p = KafkaServer.serverProperties(one, List.of(one), dir.resolve("data"), null);
    assertThat(p.getProperty("node.id")).isEqualTo("1");
    assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:19093");
    assertThat(p.getProperty("default.replication.factor")).isEqualTo("1");
    assertThat(p.getProperty("min.insync.replicas")).isEqualTo("1");
    assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
    assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
  }

  @Test
  void replicationFollowsTheClusterSize() {
    assertThat(List.of(1, 2, 3, 5).stream().map(KafkaServer::replication)).containsExactly(1, 2, 3, 3);
    assertThat(List.of(1, 2, 3, 5).stream().map(KafkaServer::minInsyncReplicas)).containsExactly(1, 1, 2, 2);
  }

  @Test
  void theSecureListenerIsOnEveryNodeOnItsOwnPort() {
    DevPki pki = DevPki.open(dir.resolve("pki"));
    Properties p = KafkaServer.serverProperties(THREE.get(2), THREE, dir, new KafkaServer.Secure("SASL_SSL", 9303, pki));
    assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9103,SECURE://127.0.0.1:9303");
    assertThat(p.getProperty("listener.security.protocol.map")).contains("SECURE:SASL_SSL");
    assertThat(p.getProperty("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
  }

  @Test
  void aClusterPlanKeepsTheConfiguredPortsForNodeOneAndListsEveryNodeToClients() {
    List<KafkaServer.Node> plan = KafkaCluster.plan(3, 19092, 19093);
    assertThat(plan).extracting(KafkaServer.Node::id).containsExactly(1, 2, 3);
    assertThat(plan.get(0)).isEqualTo(new KafkaServer.Node(1, 19092, 19093));
    assertThat(plan.stream().flatMap(n -> java.util.stream.Stream.of(n.port(), n.controllerPort())).distinct()).hasSize(6);
    KafkaCluster cluster = KafkaCluster.of(dir, plan, "256m", Duration.ofSeconds(1), n -> null);
    assertThat(cluster.bootstrapServers())
        .isEqualTo(plan.stream().map(n -> "127.0.0.1:" + n.port()).collect(java.util.stream.Collectors.joining(",")));
    assertThat(cluster.replication()).isEqualTo((short) 3);
    assertThat(cluster.gatewayAccess()).isEmpty();
  }

  @Test
  void badPlansAreRefused() {
    assertThatThrownBy(() -> KafkaCluster.plan(0, 1, 2)).hasMessageContaining("at least one node");
    assertThatThrownBy(() -> KafkaCluster.of(dir, List.of(new KafkaServer.Node(1, 1, 2), new KafkaServer.Node(1, 3, 4)),
        "256m", Duration.ofSeconds(1), n -> null)).hasMessageContaining("node ids repeat");
  }
}
