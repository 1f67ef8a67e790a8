package io.iotlakehouse.batch.io;

import static org.apache.spark.sql.functions.lit;

import io.iotlakehouse.common.error.LakehouseException;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * Whether the streams reading a Delta table have processed all of its rows matching a predicate: a stream standing at
 * version R (its checkpoint, see {@link StreamReaders}) has processed every version before R, so it has all the rows
 * when the snapshot at R - 1 holds as many of them as the latest one.
 */
public final class StreamCoverage {
  private final SparkSession spark;
  private final String checkpointsRoot;

  public StreamCoverage(SparkSession spark, String checkpointsRoot) {
    this.spark = spark;
    this.checkpointsRoot = checkpointsRoot;
  }

  /**
   * Fails with what/why/fix when a stream reading {@code path} has not processed every row matching {@code where}
   * yet, or when {@code requireReader} and no stream reads the table at all.
   *
   * @param action what is about to happen to those rows, for the message (e.g. "move ingest_date 2026-10-01 to the
   *     cold tier")
   */
  public void require(String path, Column where, String action, String requireReader) {
    List<StreamReaders.Reader> readers =
        StreamReaders.of(spark.sparkContext().hadoopConfiguration(), checkpointsRoot, DeltaLogs.id(spark, path));
    if (requireReader != null && readers.stream().noneMatch(r -> r.query().equals(requireReader))) {
      throw new LakehouseException("Cannot " + action + ": the stream " + requireReader + " has no checkpoint under "
          + checkpointsRoot + " reading " + path,
          "a stream started later would process these rows again, on top of what this job writes",
          "run the " + requireReader + " job first (e.g. ./lakehouse " + requireReader.split("-")[0] + " --available-now), "
              + "then this job");
    }
    long latest = count(path, null, where);
    for (StreamReaders.Reader r : readers) {
      long processed = r.version() == 0 ? 0 : count(path, r.version() - 1, where);
      if (processed != latest) {
        throw new LakehouseException("Cannot " + action + ": the stream " + r.query() + " has not processed all of it",
            "it stands at version " + r.version() + " of " + path + ", which holds " + processed + " of the " + latest
                + " rows; the rest is still on its way through the stream",
            "let the stream catch up (or run it with --available-now), then run this job again");
      }
    }
  }

  private long count(String path, Long version, Column where) {
    var reader = spark.read().format("delta");
    if (version != null) reader = reader.option("versionAsOf", version);
    return reader.load(path).where(where == null ? lit(true) : where).count();
  }
}
