package io.iotlakehouse.streaming.io;

import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A foreachBatch sink that appends each micro-batch to a Delta table exactly once: the write carries
 * {@code txnAppId} (query name + checkpoint generation) and {@code txnVersion} (the batch id), so when a batch is
 * replayed after a crash between the Delta commit and the checkpoint commit, Delta recognises it and skips it.
 */
public final class IdempotentDeltaAppend implements VoidFunction2<Dataset<Row>, Long> {
  private final String path;
  private final String appId;
  private final Map<String, String> writeOptions;

  /** @param writeOptions extra writer options, e.g. Parquet settings for one column */
  public IdempotentDeltaAppend(String path, String appId, Map<String, String> writeOptions) {
    this.path = path;
    this.appId = appId;
    this.writeOptions = Map.copyOf(writeOptions);
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    batch.write()
        .format("delta")
        .mode("append")
        .options(writeOptions)
        .option("txnAppId", appId)
        .option("txnVersion", batchId)
        .save(path);
  }
}
