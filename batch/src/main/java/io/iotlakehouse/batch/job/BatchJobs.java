package io.iotlakehouse.batch.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.batch.BatchKeys;
import io.iotlakehouse.batch.io.BatchSessions;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import java.time.Duration;
import java.util.function.BiFunction;
import org.apache.spark.sql.SparkSession;

/** What every batch job main does: parse {@code --conf}/{@code --config-file}, start a session, run, print the result. */
public final class BatchJobs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BatchJobs() {}

  /**
   * Runs {@code job} as a main: its result is printed as one JSON line on stdout. A refusal or bad input
   * ({@link LakehouseException}: what, why, how to fix) is printed on stderr and exits with code 2, as the lakehouse
   * command does, so a scheduler can tell "refused, nothing done" from a crash (exit code 1).
   */
  public static void main(String name, String[] args, BiFunction<SparkSession, Config, Object> job) {
    try {
      System.out.println(run(name, ConfigArgs.parse(args, BatchKeys.jobKeys()), job));
    } catch (LakehouseException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Runs {@code job} in a session of its own (stopped afterwards); returns its result as one line of JSON. */
  public static String run(String name, Config config, BiFunction<SparkSession, Config, Object> job) {
    SparkSession spark = BatchSessions.create("lakehouse-batch-" + name, config);
    try {
      return json(job.apply(spark, config));
    } finally {
      spark.stop();
    }
  }

  /** A result (records of strings and numbers) as one line of JSON. */
  public static String json(Object result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + result + " as JSON", e);
    }
  }

  /** The longest trigger interval of the streams writing the lake (bronze, silver, gold). */
  static Duration longestTrigger(Config config) {
    Duration d = config.get(StreamingKeys.BRONZE_TRIGGER);
    for (Duration t : new Duration[] {config.get(SilverKeys.TRIGGER), config.get(GoldKeys.TRIGGER)}) {
      if (t.compareTo(d) > 0) d = t;
    }
    return d;
  }
}
