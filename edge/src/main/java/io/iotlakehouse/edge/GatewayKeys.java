package io.iotlakehouse.edge;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the edge gateway. */
public final class GatewayKeys {
  private GatewayKeys() {}

  public static final ConfigKey<String> GATEWAY_ID = ConfigKey.define(
      "edge.gateway-id", ValueType.STRING, "gw-local-1",
      Validator.of(s -> s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), "1-64 of [A-Za-z0-9._-]"),
      "Identity of this gateway: its MQTT session name and the lakehouse.gateway header on every event it forwards");
  public static final ConfigKey<String> TOPIC_FILTER = ConfigKey.define(
      "edge.mqtt.topic-filter", ValueType.STRING, "devices/+/+/telemetry", Validator.nonBlank(),
      "MQTT topic filter the gateway subscribes to; topics are devices/<kind>/<device_id>/telemetry");
  public static final ConfigKey<Long> MAX_PAYLOAD = ConfigKey.define(
      "edge.max-payload-bytes", ValueType.SIZE, "64KiB", Validator.between(64L, 1L << 20),
      "Largest accepted device payload; larger ones go to the dead-letter topic (truncated) with reason oversized");
  public static final ConfigKey<Duration> DELIVERY_TIMEOUT = ConfigKey.define(
      "edge.kafka.delivery-timeout", ValueType.DURATION, "24h", Validator.positiveDuration(),
      "How long the gateway keeps retrying a Kafka write (while Kafka is unreachable) before it gives up and exits; "
          + "unacknowledged MQTT messages are redelivered when it restarts");
  public static final ConfigKey<String> COMPRESSION = ConfigKey.define(
      "edge.kafka.compression", ValueType.STRING, "lz4", Validator.oneOf("none", "lz4", "snappy", "zstd", "gzip"),
      "Compression of the gateway's Kafka batches (uplinks are often metered)");

  public static List<ConfigKey<?>> keys() {
    return List.of(GATEWAY_ID, TOPIC_FILTER, MAX_PAYLOAD, DELIVERY_TIMEOUT, COMPRESSION);
  }
}
