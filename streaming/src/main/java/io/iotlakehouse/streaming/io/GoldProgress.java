package io.iotlakehouse.streaming.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import io.iotlakehouse.streaming.transform.gold.GoldSchemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code gold/_progress} table: one row per gold micro-batch and checkpoint generation, appended exactly once (
 * {@link IdempotentDeltaAppend}: txnAppId = query + checkpoint generation, txnVersion = batch id). Batch N's watermark
 * is derived from batch N-1's row, so a replayed batch N computes the same watermark as its first run.
 */
public final class GoldProgress {
  private GoldProgress() {}

  /**
   * What the batches before a given one had seen: the last watermark and max event time (nulls when there was no batch
   * or none had rows) and how many late rows they sent to late_events.
   */
  public record Before(Timestamp watermark, Timestamp maxEventTime, long lateRowsTotal) {
    public static final Before NOTHING = new Before(null, null, 0);
  }

  /** One batch's row. */
  public record Batch(long batchId, long silverVersion, long rows, long lateRows, long lateRowsTotal, long partialRows,
      Timestamp batchMaxEventTime, Timestamp maxEventTime, Timestamp watermark, long allowedLatenessMillis) {
    public Before after() {
      return new Before(watermark, maxEventTime, lateRowsTotal);
    }
  }

  /** The state after the latest batch before {@code batchId} of this generation. */
  public static Before before(SparkSession spark, String path, String generation, long batchId) {
    if (batchId == 0) return Before.NOTHING;
    Dataset<Row> mine = spark.read().format("delta").load(path).where(col("checkpoint_generation").equalTo(generation));
    // normally the previous batch id; a gap (a batch that never wrote) falls back to the newest earlier row
    List<Row> rows = mine.where(col("batch_id").equalTo(batchId - 1))
        .select("watermark", "max_event_time", "late_rows_total").collectAsList();
    if (rows.isEmpty()) {
      rows = mine.where(col("batch_id").lt(batchId)).orderBy(desc("batch_id")).limit(1)
          .select("watermark", "max_event_time", "late_rows_total").collectAsList();
    }
    if (rows.isEmpty()) return Before.NOTHING;
    Row r = rows.get(0);
    return new Before(r.isNullAt(0) ? null : r.getTimestamp(0), r.isNullAt(1) ? null : r.getTimestamp(1), r.getLong(2));
  }

  public static void append(SparkSession spark, String path, String appId, String generation, Batch b) {
    Row row = RowFactory.create(generation, b.batchId(), b.silverVersion(), b.rows(), b.lateRows(), b.lateRowsTotal(),
        b.partialRows(), b.batchMaxEventTime(), b.maxEventTime(), b.watermark(), b.allowedLatenessMillis(), Timestamp.from(Instant.now()));
    new IdempotentDeltaAppend(path, appId, Map.of())
        .call(spark.createDataFrame(List.of(row), GoldSchemas.PROGRESS).coalesce(1), b.batchId());
  }
}
