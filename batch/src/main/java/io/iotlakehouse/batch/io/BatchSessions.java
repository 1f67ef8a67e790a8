package io.iotlakehouse.batch.io;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.SparkSessions;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Sessions of the batch jobs: the platform's Delta session ({@code spark_catalog} stays Delta's) plus Iceberg's SQL
 * extension (MERGE, DELETE and procedures on Iceberg tables) and the named Iceberg catalog ({@link IcebergCatalog}).
 */
public final class BatchSessions {
  /** Delta's and Iceberg's SQL extensions, both active: each handles the statements on its own tables. */
  public static final String EXTENSIONS =
      SparkSessions.DELTA_EXTENSION + ",org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";

  private BatchSessions() {}

  public static SparkSession create(String appName, Config config) {
    Map<String, String> extra = new HashMap<>(IcebergCatalog.from(config).sparkConf());
    extra.put("spark.sql.extensions", EXTENSIONS);
    return SparkSessions.create(appName, config.get(StreamingKeys.SPARK_MASTER), extra);
  }

  /** A local session for tests and benchmarks (no catalog yet: register one per lake with {@link IcebergCatalog#register}). */
  public static SparkSession local(String appName) {
    return SparkSessions.create(appName, "local[2]", Map.of("spark.sql.extensions", EXTENSIONS));
  }
}
