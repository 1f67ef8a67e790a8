package io.iotlakehouse.streaming;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the silver job (bronze -> silver telemetry + quarantine + duplicates). */
public final class SilverKeys {
  private SilverKeys() {}

  public static final ConfigKey<Duration> TRIGGER = ConfigKey.define(
      "streaming.silver.trigger-interval", ValueType.DURATION, "10s", Validator.positiveDuration(),
      "Micro-batch interval of the silver job: lower means fresher silver and more, smaller files");
  public static final ConfigKey<Duration> LATE_BOUND = ConfigKey.define(
      "streaming.silver.late-bound", ValueType.DURATION, "3d", Validator.positiveDuration(),
      "How much older than its bronze ingest time an event may be and still enter silver; older events are "
          + "quarantined (rule event_time_too_old). Also sets silver's event-time watermark (late-bound + future-skew), "
          + "so every event it accepts is still within the dedupe horizon");
  public static final ConfigKey<Duration> FUTURE_SKEW = ConfigKey.define(
      "streaming.silver.future-skew", ValueType.DURATION, "5m",
      Validator.of(d -> !d.isNegative(), "zero or a positive duration"),
      "How far ahead of its bronze ingest time an event's timestamp may be (device clock skew); further ahead is "
          + "quarantined (rule event_time_future)");
  public static final ConfigKey<String> DEVICE_REGISTRY = ConfigKey.define(
      "streaming.silver.device-registry-path", ValueType.STRING, "",
      "Delta table of known devices (device_id, kind, site, model, install_date, valid_from; one row per change); "
          + "events of other devices are quarantined (rule unknown_device) and silver rows get the site, model and "
          + "install date valid at their event time. Empty means <lake.root>/reference/devices. If the table does not "
          + "exist, every device is accepted (open registry) and the job logs a warning");
  public static final ConfigKey<String> WEATHER = ConfigKey.define(
      "streaming.silver.weather-path", ValueType.STRING, "",
      "Delta table of weather per site and hour (site, hour, temperature_c, condition, updated_at) that silver joins "
          + "on the device's site and the event's hour. Empty means <lake.root>/reference/weather; if absent the "
          + "weather columns are null");

  public static List<ConfigKey<?>> keys() {
    return List.of(TRIGGER, LATE_BOUND, FUTURE_SKEW, DEVICE_REGISTRY, WEATHER);
  }
}
