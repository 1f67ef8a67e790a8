package io.iotlakehouse.dashboard;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the live dashboard. Where the data comes from is shared config: {@code redis.url}, {@code lake.root}. */
public final class DashboardKeys {
  private DashboardKeys() {}

  public static final ConfigKey<Integer> PORT = ConfigKey.define(
      "dashboard.port", ValueType.INT, "18080", Validator.between(0, 65535),
      "Port of the dashboard's web server on 127.0.0.1 (0 picks a free port; it never binds other addresses)");

  public static final ConfigKey<Duration> REFRESH = ConfigKey.define(
      "dashboard.refresh", ValueType.DURATION, "2s",
      Validator.of(d -> d.compareTo(Duration.ofMillis(500)) >= 0 && d.compareTo(Duration.ofMinutes(10)) <= 0,
          "between 500ms and 10m"),
      "How often the page reloads fleet, alerts, pipeline health and the chart");

  public static final ConfigKey<Duration> HISTORY = ConfigKey.define(
      "dashboard.history", ValueType.DURATION, "6h",
      Validator.of(d -> d.compareTo(Duration.ofMinutes(5)) >= 0 && d.compareTo(Duration.ofDays(31)) <= 0,
          "between 5m and 31d"),
      "How far back the rolling-average chart reads the gold table sensor_rolling_5m (window_end after now minus this)");

  public static final ConfigKey<Duration> PIPELINE_STALE_AFTER = ConfigKey.define(
      "dashboard.pipeline-stale-after", ValueType.DURATION, "2m", Validator.positiveDuration(),
      "A streaming query whose last batch is older than this is shown as stale (a warning)");

  public static final ConfigKey<Integer> FLEET_LIMIT = ConfigKey.define(
      "dashboard.fleet-limit", ValueType.INT, "500", Validator.between(1, 10_000),
      "At most this many devices (the most recently seen) in the fleet table and map; the total is always shown");

  public static final ConfigKey<Integer> ALERT_LIMIT = ConfigKey.define(
      "dashboard.alert-limit", ValueType.INT, "100", Validator.between(1, 10_000),
      "At most this many active alerts (the newest) in the alerts panel; the total is always shown");

  public static List<ConfigKey<?>> keys() {
    return List.of(PORT, REFRESH, HISTORY, PIPELINE_STALE_AFTER, FLEET_LIMIT, ALERT_LIMIT);
  }
}
