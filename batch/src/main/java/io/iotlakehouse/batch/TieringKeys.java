package io.iotlakehouse.batch;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of tiering: how long data stays in the hot Delta tables, and the raw bronze retention. */
public final class TieringKeys {
  private TieringKeys() {}

  public static final ConfigKey<Duration> BRONZE_HOT = ConfigKey.define(
      "batch.tier.bronze-hot", ValueType.DURATION, "30d", Validator.of(d -> d.toDays() >= 1, "at least 1d"),
      "Bronze ingest dates older than this move to the cold tier (Iceberg <catalog>.<cold-namespace>.bronze_telemetry)");
  public static final ConfigKey<Duration> SILVER_HOT = ConfigKey.define(
      "batch.tier.silver-hot", ValueType.DURATION, "90d", Validator.of(d -> d.toDays() >= 1, "at least 1d"),
      "Silver telemetry event dates (and quarantine/duplicates ingest dates) older than this move to the cold tier. Must "
          + "exceed streaming.silver.late-bound + streaming.silver.future-skew + 1d, so no stream still writes them");
  public static final ConfigKey<Duration> BRONZE_RETENTION = ConfigKey.define(
      "batch.tier.bronze-retention", ValueType.DURATION, "365d", Validator.of(d -> !d.isNegative(), "zero or a positive duration"),
      "Raw bronze is deleted from the cold tier when its ingest date is older than this (0d keeps it forever). Must be "
          + "0d or at least batch.tier.bronze-hot");
  public static final ConfigKey<String> COLD_NAMESPACE = ConfigKey.define(
      "batch.tier.cold-namespace", ValueType.STRING, "cold", Validator.of(s -> s.matches("[a-z][a-z0-9_]*"), "a lower-case identifier"),
      "Iceberg namespace of the cold tier tables (bronze_telemetry, silver_telemetry, silver_quarantine, silver_duplicates)");

  public static List<ConfigKey<?>> keys() {
    return List.of(BRONZE_HOT, SILVER_HOT, BRONZE_RETENTION, COLD_NAMESPACE);
  }
}
