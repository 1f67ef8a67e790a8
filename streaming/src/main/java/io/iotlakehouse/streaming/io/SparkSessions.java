package io.iotlakehouse.streaming.io;

import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** Builds SparkSessions with Delta enabled and the platform's defaults. */
public final class SparkSessions {
  private SparkSessions() {}

  /** Delta's SQL extension (DELETE, MERGE, OPTIMIZE, VACUUM on Delta tables). */
  public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";

  /** Tasks Delta rebuilds a table's state from its log with (file list, stream transaction ids); Delta's default is 50. */
  static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  /**
   * A session for the platform's jobs. {@code master} is used only when no master was set from outside (spark-submit
   * sets {@code spark.master} itself).
   */
  public static SparkSession create(String appName, String master) {
    return create(appName, master, Map.of());
  }

  /**
   * A session for the platform's jobs with settings added to (or replacing) the defaults, e.g. a second SQL extension
   * and a named Iceberg catalog for the batch jobs. {@link #DELTA_EXTENSION} is the default {@code spark.sql.extensions}.
   */
  public static SparkSession create(String appName, String master, Map<String, String> extra) {
    SparkSession.Builder b = SparkSession.builder()
        .appName(appName)
        .config("spark.sql.extensions", DELTA_EXTENSION)
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        // INT96 timestamps are deprecated and cost a per-row Julian-day conversion; Delta reads micros natively.
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        // Write partitioned tables without sorting each batch by partition column first.
        .config("spark.sql.maxConcurrentOutputFileWriters", "8")
        .config("spark.sql.streaming.stateStore.providerClass",
            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false");
    // Streaming micro-batches are small: few shuffle partitions, no AQE coalescing surprises. spark-submit's
    // --conf spark.sql.shuffle.partitions=N (a cluster) wins; it is fixed for the life of a stateful checkpoint.
    if (System.getProperty("spark.sql.shuffle.partitions") == null) {
      b = b.config("spark.sql.shuffle.partitions", "4");
    }
    if (System.getProperty("spark.master") == null && System.getProperty(SNAPSHOT_PARTITIONS) == null) {
      // Delta rebuilds a table's state after the commits a job reads or checks (a stream's txn ids before each batch)
      // in 50 tasks, sized for a cluster; on one machine that is 50 tiny tasks on a few cores, each time. One per core
      // does the same work. A cluster (spark-submit) keeps Delta's default or its own setting.
      OptionalInt cores = localCores(master);
      if (cores.isPresent()) b = b.config(SNAPSHOT_PARTITIONS, String.valueOf(cores.getAsInt()));
    }
    for (Map.Entry<String, String> e : extra.entrySet()) b = b.config(e.getKey(), e.getValue());
    if (System.getProperty("spark.master") == null) {
      b = b.master(master)
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false");
    }
    return b.getOrCreate();
  }

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  /** The cores of a local master ({@code local}, {@code local[4]}, {@code local[*]}, {@code local[4,2]}); empty for a cluster. */
  static OptionalInt localCores(String master) {
    Matcher m = LOCAL.matcher(master.strip());
    if (!m.matches()) return OptionalInt.empty();
    if (m.group(1) == null) return OptionalInt.of(1);
    return OptionalInt.of(m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(m.group(1))));
  }
}
