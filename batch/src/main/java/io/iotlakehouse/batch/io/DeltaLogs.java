package io.iotlakehouse.batch.io;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Facts about a Delta table read from its log: id, versions, commit times, data files, properties. */
public final class DeltaLogs {
  private DeltaLogs() {}

  /** The table's unique id (Delta streaming offsets name their source table by it: {@code reservoirId}). */
  public static String id(SparkSession spark, String path) {
    return detail(spark, path).getAs("id");
  }

  public static Map<String, String> properties(SparkSession spark, String path) {
    Row d = detail(spark, path);
    return d.getJavaMap(d.fieldIndex("properties"));
  }

  private static Row detail(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).detail().first();
  }

  public static long latestVersion(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).first().<Long>getAs("version");
  }

  /** The data files of the table's snapshot at {@code version} (null for the latest). */
  public static List<String> files(SparkSession spark, String path, Long version) {
    var reader = spark.read().format("delta");
    if (version != null) reader = reader.option("versionAsOf", version);
    return Arrays.asList(reader.load(path).inputFiles());
  }

  /**
   * When {@code version} was committed: the modification time of its commit file, which is the commit timestamp Delta
   * itself uses (time travel by timestamp, VACUUM). When log cleanup already removed that file, the oldest commit file
   * left: the version is at least that old.
   */
  public static Instant commitTime(SparkSession spark, String path, long version) {
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path commit = new Path(log, String.format("%020d.json", version));
      if (fs.exists(commit)) return Instant.ofEpochMilli(fs.getFileStatus(commit).getModificationTime());
      long oldest = Long.MAX_VALUE;
      for (FileStatus s : fs.listStatus(log, p -> p.getName().matches("\\d{20}\\.json"))) {
        oldest = Math.min(oldest, s.getModificationTime());
      }
      return Instant.ofEpochMilli(oldest == Long.MAX_VALUE ? 0 : oldest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Delta log of " + path, e);
    }
  }
}
