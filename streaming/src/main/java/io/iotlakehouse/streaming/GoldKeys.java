package io.iotlakehouse.streaming;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the gold job (silver telemetry -> rolling windows, turbofan health, fleet KPIs). */
public final class GoldKeys {
  private GoldKeys() {}

  /** Length of the rolling sensor windows; fixed (the table is named after it). */
  public static final Duration ROLLING_WINDOW = Duration.ofMinutes(5);

  public static final ConfigKey<Duration> TRIGGER = ConfigKey.define(
      "streaming.gold.trigger-interval", ValueType.DURATION, "30s", Validator.positiveDuration(),
      "Micro-batch interval of the gold job: lower means fresher gold, and more MERGE commits and small files");
  public static final ConfigKey<Duration> ROLLING_SLIDE = ConfigKey.define(
      "streaming.gold.rolling-slide", ValueType.DURATION, "1m",
      Validator.of(d -> d.toMillis() >= 1000 && ROLLING_WINDOW.toMillis() % d.toMillis() == 0,
          "at least 1s and divide 5m evenly (e.g. 30s, 1m, 5m)"),
      "Slide of the 5-minute sensor windows (gold sensor_rolling_5m): a new window starts every slide, so each event is "
          + "in 5m/slide windows. Fixed for the life of the table: changing it needs a new table and checkpoint");
  public static final ConfigKey<Duration> ALLOWED_LATENESS = ConfigKey.define(
      "streaming.gold.allowed-lateness", ValueType.DURATION, "10m",
      Validator.of(d -> !d.isNegative(), "zero or a positive duration"),
      "How far behind the newest silver event time gold keeps windows and hours open. Gold's watermark for a batch is "
          + "the max event_time of earlier batches minus this; a window or hour ending at or before it is closed and never "
          + "recomputed, and a silver row whose windows and hour are all closed goes to gold/late_events instead");
  public static final ConfigKey<Integer> HEALTH_WINDOW = ConfigKey.define(
      "streaming.gold.health-window", ValueType.INT, "30", Validator.between(2, 1000),
      "Number of cycles (the device's last k reported cycles) over which gold turbofan_health computes each sensor's "
          + "rolling mean, population std and least-squares slope. Fixed for the life of the table");

  public static List<ConfigKey<?>> keys() {
    return List.of(TRIGGER, ROLLING_SLIDE, ALLOWED_LATENESS, HEALTH_WINDOW);
  }
}
