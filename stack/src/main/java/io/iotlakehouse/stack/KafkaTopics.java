package io.iotlakehouse.stack;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the platform's topics when they do not exist yet (idempotent). */
public final class KafkaTopics {
  private KafkaTopics() {}

  public static void ensure(String bootstrap, int partitions, short replication, Set<String> topics) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      for (String t : topics) {
        if (existing.contains(t)) continue;
        try {
          admin.createTopics(Set.of(new NewTopic(t, partitions, replication)
              .configs(Map.of("min.insync.replicas", String.valueOf(Math.max(1, replication - 1)))))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new IllegalStateException("cannot create topics " + topics + " on " + bootstrap + ": " + e, e);
    }
  }
}
