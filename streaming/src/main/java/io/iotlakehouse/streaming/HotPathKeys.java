package io.iotlakehouse.streaming;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the hot path (Kafka telemetry -> alerts and latest device state in Redis, alerts topic). */
public final class HotPathKeys {
  private HotPathKeys() {}

  public static final ConfigKey<Duration> TRIGGER = ConfigKey.define(
      "streaming.hotpath.trigger-interval", ValueType.DURATION, "500ms",
      Validator.of(d -> !d.isNegative(), "zero or a positive duration"),
      "Micro-batch interval of the hot path: an alert waits on average half of it before its batch starts. 0ms starts "
          + "the next batch as soon as the previous one ends (lowest latency, Kafka polled continuously)");
  public static final ConfigKey<Duration> ALERT_TTL = ConfigKey.define(
      "streaming.hotpath.alert-ttl", ValueType.DURATION, "1h", Validator.positiveDuration(),
      "How long an alert stays active in Redis after its event_time: the hash lh:alert:<id> expires then and the "
          + "writer trims it from lh:alerts");
  public static final ConfigKey<Duration> DEVICE_TTL = ConfigKey.define(
      "streaming.hotpath.device-ttl", ValueType.DURATION, "1h", Validator.positiveDuration(),
      "How long a device's latest state stays in Redis after its event_time without a newer event: lh:device:<id> "
          + "expires then and the writer trims it from lh:devices");
  public static final ConfigKey<String> STARTING_OFFSETS = ConfigKey.define(
      "streaming.hotpath.starting-offsets", ValueType.STRING, "latest", Validator.oneOf("earliest", "latest"),
      "Where a hot path with a new checkpoint starts reading Kafka: latest (hot data only) or earliest; a restarted "
          + "hot path resumes from its checkpoint");
  public static final ConfigKey<Long> MAX_OFFSETS = ConfigKey.define(
      "streaming.hotpath.max-offsets-per-trigger", ValueType.LONG, "20000", Validator.atLeast(1L),
      "Upper bound of Kafka records per hot path micro-batch: after a backlog the hot path catches up in batches of "
          + "this size, each short, instead of one long batch that delays every fresh alert");
  public static final ConfigKey<Duration> REGISTRY_REFRESH = ConfigKey.define(
      "streaming.hotpath.registry-refresh", ValueType.DURATION, "1m", Validator.positiveDuration(),
      "How often the hot path re-reads the device registry (streaming.silver.device-registry-path) for sites; reading "
          + "the Delta table on every 500 ms batch would cost more than the batch");

  public static List<ConfigKey<?>> keys() {
    return List.of(TRIGGER, ALERT_TTL, DEVICE_TTL, STARTING_OFFSETS, MAX_OFFSETS, REGISTRY_REFRESH);
  }
}
