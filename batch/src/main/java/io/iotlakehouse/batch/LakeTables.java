package io.iotlakehouse.batch;

import io.iotlakehouse.streaming.io.Lake;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Delta tables of the lake that the batch jobs maintain, and what maintenance may assume about each: its date
 * partition column, how the streams write it, and the columns its readers filter on (the Z-ORDER columns).
 */
public final class LakeTables {
  private LakeTables() {}

  /** How the streams write a table, which decides what a concurrent rewrite may touch. */
  public enum Writes {
    /**
     * Blind appends only (bronze, silver, quarantine, duplicates, late_events, _progress): an append never conflicts
     * with OPTIMIZE or a DELETE of other partitions, and a stream's append never fails because of them.
     */
    APPEND,
    /**
     * MERGE by key (the gold tables): the MERGE reads the files of the keys it replaces, so a concurrent OPTIMIZE that
     * removes one of them fails the MERGE, i.e. the gold stream's batch. Only partitions the stream no longer MERGEs
     * into may be rewritten.
     */
    MERGE
  }

  /**
   * @param name path relative to the lake root, e.g. {@code silver/telemetry}
   * @param partitionColumn the date partition column, or null for an unpartitioned table
   * @param zorder columns readers filter on, for Z-ORDER (empty: bin-packing only)
   */
  public record LakeTable(String name, String partitionColumn, Writes writes, List<String> zorder) {
    /** Where the table lives in {@code lake}. */
    public String path(Lake lake) {
      return lake.root() + "/" + name;
    }

    public boolean partitioned() {
      return partitionColumn != null;
    }

    /** True when OPTIMIZE may run while the writing stream runs (see {@link Writes}). */
    public boolean compactableWhileStreaming() {
      return writes == Writes.APPEND || partitioned();
    }
  }

  private static final Map<String, LakeTable> TABLES = new LinkedHashMap<>();

  static {
    add("bronze/telemetry", "ingest_date", Writes.APPEND);
    add("silver/telemetry", "event_date", Writes.APPEND, "device_id", "event_time");
    add("silver/quarantine", "ingest_date", Writes.APPEND);
    add("silver/duplicates", "ingest_date", Writes.APPEND);
    add("gold/sensor_rolling_5m", "window_date", Writes.MERGE, "device_id", "window_start");
    add("gold/turbofan_health", null, Writes.MERGE);
    add("gold/asset_health", null, Writes.MERGE);
    add("gold/fleet_kpis_hourly", null, Writes.MERGE);
    add("gold/late_events", null, Writes.APPEND);
    add("gold/_progress", null, Writes.APPEND);
  }

  private static void add(String name, String partition, Writes writes, String... zorder) {
    TABLES.put(name, new LakeTable(name, partition, writes, List.of(zorder)));
  }

  public static Optional<LakeTable> find(String name) {
    return Optional.ofNullable(TABLES.get(name));
  }

  public static LakeTable get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown lake table " + name + "; known: " + names()));
  }

  /** The tables of a comma-separated list, in its order. */
  public static List<LakeTable> parse(String list) {
    List<LakeTable> out = new ArrayList<>();
    for (String n : split(list)) out.add(get(n));
    return out;
  }

  /** The names of a comma-separated list that are not lake tables. */
  public static List<String> unknown(String list) {
    return split(list).stream().filter(n -> !TABLES.containsKey(n)).toList();
  }

  /** Every table's name, in the lake's order. */
  public static List<String> all() {
    return List.copyOf(TABLES.keySet());
  }

  public static String names() {
    return String.join(", ", TABLES.keySet());
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
