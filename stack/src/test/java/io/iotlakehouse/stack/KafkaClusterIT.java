package io.iotlakehouse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node KRaft cluster (replication 3, min.insync.replicas 2): an acks=all idempotent producer and a read_committed
 * consumer keep going while the quorum leader is killed -9 and started again on its folder; every acknowledged record
 * is read exactly once.
 */
class KafkaClusterIT {
  private static final String TOPIC = "it-cluster";

  @TempDir Path work;

  @Test
  void aKilledNodeRestartsAndNoAcknowledgedRecordIsLostOrRepeated() throws Exception {
    try (KafkaCluster cluster = KafkaCluster.of(work.resolve("kafka"), KafkaCluster.plan(3, Ports.free(), Ports.free()), "384m",
        Duration.ofMinutes(4), n -> null).start()) {
      String bootstrap = cluster.bootstrapServers();
      assertThat(bootstrap.split(",")).hasSize(3);
      KafkaTopics.ensure(bootstrap, 4, cluster.replication(), Set.of(TOPIC));

      Set<String> acked = ConcurrentHashMap.newKeySet();
      List<Exception> failures = new ArrayList<>();
      Map<String, Integer> seen = new ConcurrentHashMap<>();
      AtomicBoolean producing = new AtomicBoolean(true);
      AtomicBoolean consuming = new AtomicBoolean(true);
      Thread producer = new Thread(() -> produce(bootstrap, producing, acked, failures), "it-producer");
      Thread consumer = new Thread(() -> consume(bootstrap, consuming, seen), "it-consumer");
      producer.start();
      consumer.start();
      try {
        await().atMost(Duration.ofMinutes(2)).until(() -> acked.size() >= 300);
        int victim = quorumLeader(bootstrap);
        cluster.node(victim).kill();
        int ackedAtKill = acked.size();
        await().atMost(Duration.ofMinutes(3)).until(() -> acked.size() >= ackedAtKill + 300);
        assertThat(cluster.underReplicatedPartitions()).as("partitions missing the killed node's replica").isPositive();

        long restart = System.nanoTime();
        cluster.node(victim).start();
        long readyMs = (System.nanoTime() - restart) / 1_000_000;
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
            .until(() -> underReplicated(cluster) == 0);
        int ackedAtRecovery = acked.size();
        System.err.printf("killed quorum leader node %d after %d acks; restarted: ready in %d ms, replicas in sync %d ms after "
            + "the restart, %d acks meanwhile%n", victim, ackedAtKill, readyMs, (System.nanoTime() - restart) / 1_000_000,
            ackedAtRecovery - ackedAtKill);
        await().atMost(Duration.ofMinutes(2)).until(() -> acked.size() >= ackedAtRecovery + 200);
      } finally {
        producing.set(false);
        producer.join(TimeUnit.MINUTES.toMillis(3));
      }
      assertThat(failures).as("sends that failed").isEmpty();
      await().atMost(Duration.ofMinutes(2)).until(() -> seen.keySet().containsAll(acked));
      consuming.set(false);
      consumer.join(TimeUnit.MINUTES.toMillis(1));
      assertThat(acked).hasSizeGreaterThan(800);
      Map<String, Integer> repeated = seen.entrySet().stream().filter(e -> e.getValue() > 1)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      assertThat(repeated).as("records read more than once").isEmpty();
      assertThat(seen.keySet()).as("records read").containsAll(acked);
      System.err.printf("%d records acknowledged, each read exactly once%n", acked.size());
    }
  }

  private static int underReplicated(KafkaCluster cluster) {
    try {
      return cluster.underReplicatedPartitions();
    } catch (IllegalStateException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static int quorumLeader(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
    }
  }

  private static void produce(String bootstrap, AtomicBoolean producing, Set<String> acked, List<Exception> failures) {
    Map<String, Object> conf = new HashMap<>();
    conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    conf.put(ProducerConfig.ACKS_CONFIG, "all");
    conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    conf.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
    try (KafkaProducer<String, String> p = new KafkaProducer<>(conf, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; producing.get(); i++) {
        String v = String.valueOf(i);
        try {
          p.send(new ProducerRecord<>(TOPIC, "device-" + (i % 10), v)).get(); // one at a time: paced by the acks
          acked.add(v);
        } catch (Exception e) {
          synchronized (failures) {
            failures.add(e);
          }
          if (e instanceof InterruptedException) return;
        }
      }
    }
  }

  private static void consume(String bootstrap, AtomicBoolean consuming, Map<String, Integer> seen) {
    Map<String, Object> conf = new HashMap<>();
    conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    conf.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(conf, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < 4; p++) tps.add(new TopicPartition(TOPIC, p));
      c.assign(tps);
      c.seekToBeginning(tps);
      while (consuming.get()) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) seen.merge(r.value(), 1, Integer::sum);
      }
    }
  }
}
