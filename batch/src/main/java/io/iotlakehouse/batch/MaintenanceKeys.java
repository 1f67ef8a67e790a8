package io.iotlakehouse.batch;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of compaction (Delta OPTIMIZE) and VACUUM beside the running streams. */
public final class MaintenanceKeys {
  private MaintenanceKeys() {}

  private static final Validator<String> TABLE_LIST =
      Validator.of(s -> LakeTables.unknown(s).isEmpty(), "a comma-separated list of lake tables (" + LakeTables.names() + ")");

  public static final ConfigKey<String> COMPACTION_TABLES = ConfigKey.define(
      "batch.compaction.tables", ValueType.STRING,
      "bronze/telemetry,silver/telemetry,silver/quarantine,silver/duplicates,gold/sensor_rolling_5m,gold/late_events,gold/_progress",
      TABLE_LIST,
      "Lake tables (relative to lake.root) batch compact rewrites. The unpartitioned gold tables the gold stream MERGEs "
          + "into (turbofan_health, asset_health, fleet_kpis_hourly) are refused unless batch.compaction.gold-stopped");
  public static final ConfigKey<String> VACUUM_TABLES = ConfigKey.define(
      "batch.vacuum.tables", ValueType.STRING, String.join(",", LakeTables.all()), TABLE_LIST,
      "Lake tables (relative to lake.root) batch vacuum cleans: every table by default (VACUUM makes no commit, so it "
          + "never conflicts with a stream)");
  public static final ConfigKey<Duration> MIN_AGE = ConfigKey.define(
      "batch.compaction.min-age", ValueType.DURATION, "1d", Validator.of(d -> !d.isNegative(), "zero or a positive duration"),
      "Compaction rewrites only date partitions older than the UTC date of (now - this): partitions the streams no longer "
          + "append to or MERGE into, so rewrites never race with them. Must be at least streaming.gold.allowed-lateness");
  public static final ConfigKey<Boolean> ZORDER = ConfigKey.define(
      "batch.compaction.zorder", ValueType.BOOLEAN, "true",
      "Z-ORDER the compacted files by each table's query columns (silver: device_id, event_time; gold rolling windows: "
          + "device_id, window_start) instead of plain bin-packing; see BENCHMARKS.md for what it pays");
  public static final ConfigKey<Boolean> GOLD_STOPPED = ConfigKey.define(
      "batch.compaction.gold-stopped", ValueType.BOOLEAN, "false",
      "Set only while the gold job is stopped: compaction then also rewrites the unpartitioned gold tables the gold stream "
          + "MERGEs into (turbofan_health, asset_health, fleet_kpis_hourly), as a whole");
  public static final ConfigKey<Integer> MAX_ATTEMPTS = ConfigKey.define(
      "batch.maintenance.max-attempts", ValueType.INT, "6", Validator.between(1, 100),
      "Attempts of a maintenance commit (OPTIMIZE, DELETE, replace) that loses a race with a concurrent Delta commit "
          + "(ConcurrentAppendException and the rest of its family) before the job gives up");
  public static final ConfigKey<Duration> BACKOFF = ConfigKey.define(
      "batch.maintenance.backoff", ValueType.DURATION, "2s", Validator.positiveDuration(),
      "Wait before the second attempt of a conflicting commit; doubled for each further attempt (with jitter), at most 2m");
  public static final ConfigKey<Duration> VACUUM_RETENTION = ConfigKey.define(
      "batch.vacuum.retention", ValueType.DURATION, "7d", Validator.positiveDuration(),
      "VACUUM deletes files a table stopped referencing longer ago than this. Refused when shorter than the table's "
          + "delta.deletedFileRetentionDuration (Delta's own check, 7 days by default), than the age of the oldest pinned "
          + "version (batch pin) plus the safety margin, or than the age of the oldest version a stream or the Iceberg sync "
          + "still has to read plus the safety margin");
  public static final ConfigKey<Duration> SAFETY_MARGIN = ConfigKey.define(
      "batch.vacuum.safety-margin", ValueType.DURATION, "1h", Validator.positiveDuration(),
      "Added to every measured need (pin ages, stream lags) when checking batch.vacuum.retention: covers the reader's "
          + "next micro-batches and files written by a micro-batch that has not committed yet. Must be at least two of "
          + "the longest streaming trigger interval");

  public static final ConfigKey<Integer> VACUUM_LISTING_PARALLELISM = ConfigKey.define(
      "batch.vacuum.listing-parallelism", ValueType.INT, "0", Validator.between(0, 100_000),
      "Spark tasks of VACUUM's file listing (Delta uses spark.sql.sources.parallelPartitionDiscovery.parallelism, 10000 "
          + "by default: 10000 tiny tasks per listing, about a minute per table on a 2-core job). 0 = 4 per core of the "
          + "job (spark.default.parallelism x 4); raise it for tables with very many partitions on a large cluster");

  public static List<ConfigKey<?>> keys() {
    return List.of(COMPACTION_TABLES, VACUUM_TABLES, MIN_AGE, ZORDER, GOLD_STOPPED, MAX_ATTEMPTS, BACKOFF, VACUUM_RETENTION,
        SAFETY_MARGIN, VACUUM_LISTING_PARALLELISM);
  }
}
