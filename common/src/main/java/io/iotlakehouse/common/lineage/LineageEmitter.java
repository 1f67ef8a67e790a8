package io.iotlakehouse.common.lineage;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;

/**
 * Where jobs send lineage events. {@link #emit} never blocks the caller and never throws: lineage must not slow or
 * fail a pipeline. {@link #of} gives the platform's emitter: events to the Kafka topic {@code kafka.topic.lineage}
 * (key = job name), or none when {@code lineage.enabled=false} or Kafka is not configured.
 */
public interface LineageEmitter extends AutoCloseable {
  LineageEmitter NONE = event -> { };

  void emit(LineageEvent event);

  /** Flushes and releases what the emitter holds; nothing by default. */
  @Override
  default void close() {}

  /**
   * The configured emitter. The Kafka one needs {@code org.apache.kafka:kafka-clients} on the classpath (an optional
   * dependency of common: the modules that emit declare it).
   */
  static LineageEmitter of(Config config) {
    String bootstrap = config.get(PlatformKeys.KAFKA_BOOTSTRAP);
    if (!config.get(PlatformKeys.LINEAGE_ENABLED) || bootstrap.isBlank()) return NONE;
    return new KafkaLineageEmitter(bootstrap, config.get(PlatformKeys.TOPIC_LINEAGE));
  }
}
