package io.iotlakehouse.stack;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the embedded local stack. */
public final class StackKeys {
  private StackKeys() {}

  public static final ConfigKey<Integer> KAFKA_PORT = ConfigKey.define(
      "stack.kafka.port", ValueType.INT, "19092", Validator.between(1, 65535),
      "Client port of the embedded Kafka broker on 127.0.0.1");
  public static final ConfigKey<Integer> KAFKA_CONTROLLER_PORT = ConfigKey.define(
      "stack.kafka.controller-port", ValueType.INT, "19093", Validator.between(1, 65535),
      "KRaft controller port of the embedded Kafka broker on 127.0.0.1");
  public static final ConfigKey<String> KAFKA_HEAP = ConfigKey.define(
      "stack.kafka.heap", ValueType.STRING, "1g", Validator.of(s -> s.matches("\\d+[mg]"), "like 512m or 1g"),
      "Maximum heap of the embedded Kafka broker JVM");
  public static final ConfigKey<Integer> REDIS_PORT = ConfigKey.define(
      "stack.redis.port", ValueType.INT, "16379", Validator.between(1, 65535),
      "Port of the local redis-server on 127.0.0.1 (started when redis.url is empty)");
  public static final ConfigKey<String> REDIS_BINARY = ConfigKey.define(
      "stack.redis.binary", ValueType.STRING, "redis-server", Validator.nonBlank(),
      "The redis-server program the local stack runs: a name looked up on PATH, or a path");
  public static final ConfigKey<Duration> START_TIMEOUT = ConfigKey.define(
      "stack.start-timeout", ValueType.DURATION, "180s", Validator.positiveDuration(),
      "How long to wait for an embedded service to become ready before failing");

  public static final ConfigKey<Integer> ATLAS_PORT = ConfigKey.define(
      "stack.atlas.port", ValueType.INT, "21000", Validator.between(1, 65535),
      "Port of the local Atlas server (REST API and web UI) on 127.0.0.1, started when atlas.url is empty");
  public static final ConfigKey<String> ATLAS_HEAP = ConfigKey.define(
      "stack.atlas.heap", ValueType.STRING, "1g", Validator.of(s -> s.matches("\\d+[mg]"), "like 768m or 1g"),
      "Maximum heap of the local Atlas server JVM");

  public static List<ConfigKey<?>> keys() {
    return List.of(KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_HEAP, REDIS_PORT, REDIS_BINARY, START_TIMEOUT, ATLAS_PORT,
        ATLAS_HEAP);
  }
}
