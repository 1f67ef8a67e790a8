package io.iotlakehouse.batch.io;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Replaces the rows of a Delta table matching a predicate by new rows in one transaction (Delta's {@code replaceWhere}:
 * delete and insert in one commit, so readers see the old range or the new one, never neither or both). Delta checks
 * that every new row matches the predicate. Retried when it loses a race with a concurrent commit.
 */
public final class DeltaReplace {
  private final ConflictRetry retry;

  public DeltaReplace(ConflictRetry retry) {
    this.retry = retry;
  }

  /**
   * @param predicate SQL over the table's columns, literals only (e.g. {@code ingest_date >= DATE '2026-11-01'})
   * @param userMetadata recorded in the commit (table history), e.g. which backfill wrote it
   */
  public void replace(String path, Dataset<Row> rows, String predicate, String userMetadata) {
    replace(path, rows, predicate, userMetadata, java.util.Map.of());
  }

  /** As {@link #replace(String, Dataset, String, String)} with extra writer options (e.g. Parquet settings). */
  public void replace(String path, Dataset<Row> rows, String predicate, String userMetadata,
      java.util.Map<String, String> options) {
    retry.run("replace " + path + " WHERE " + predicate, () -> {
      rows.write().format("delta").mode("overwrite").options(options)
          .option("replaceWhere", predicate)
          .option("userMetadata", userMetadata)
          .save(path);
      return null;
    });
  }
}
