package io.iotlakehouse.batch.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.batch.LakeTables.LakeTable;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.io.Lake;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves date partitions of a hot Delta table to its cold Iceberg table: copy, verify, then delete from hot.
 *
 * <ol>
 *   <li>Copy: the partition's rows at one Delta version V replace that partition of the cold table (Iceberg dynamic
 *       partition overwrite: one atomic commit, the same result however often it runs);</li>
 *   <li>verify: the cold partition has the same row count and the same sum of row hashes as the hot one at V, and the
 *       hot partition has not changed since V;</li>
 *   <li>delete: one Delta DELETE by partition predicate (retried on conflicts), which must delete exactly the rows
 *       copied.</li>
 * </ol>
 *
 * Interrupted anywhere, the next run finds the partition still hot and does it again (the copy is an overwrite, so
 * nothing is doubled), or finds it gone from hot and has nothing to do. Rows are never in neither tier; between copy
 * and delete they are briefly in both. The streams read hot tables with {@code skipChangeCommits}, so the DELETE is not
 * new data to them, and it never conflicts with their appends (other partitions, blind appends).
 */
public final class ColdTier {
  private static final Logger LOG = LoggerFactory.getLogger(ColdTier.class);
  /** Snapshot summary properties of a copy: which partition of which Delta version it holds. */
  public static final String PARTITION = "lakehouse.tier.partition";

  private final SparkSession spark;
  private final Lake lake;
  private final IcebergTables iceberg;
  private final ConflictRetry retry;

  public ColdTier(SparkSession spark, Lake lake, ConflictRetry retry) {
    this.spark = spark;
    this.lake = lake;
    this.iceberg = new IcebergTables(spark);
    this.retry = retry;
  }

  /** One partition moved (rows 0 when it was no longer hot). */
  public record Moved(String table, LocalDate date, long rows, long deltaVersion) {}

  public Moved move(LakeTable table, LocalDate date, String coldTable) {
    String path = table.path(lake);
    Column where = col(table.partitionColumn()).equalTo(lit(java.sql.Date.valueOf(date)));
    long v = DeltaLogs.latestVersion(spark, path);
    Dataset<Row> hot = spark.read().format("delta").option("versionAsOf", v).load(path).where(where);
    Row hotFacts = facts(hot);
    long rows = hotFacts.getLong(0);
    if (rows == 0) return new Moved(table.name(), date, 0, v);

    if (!iceberg.exists(coldTable) || !coldFacts(coldTable, where).equals(hotFacts)) {
      IcebergTables.commitWith(Map.of(PARTITION, table.partitionColumn() + "=" + date, IcebergSync.DELTA_VERSION,
          Long.toString(v)), () -> copy(hot, coldTable, table.partitionColumn()));
    }
    Row coldFacts = coldFacts(coldTable, where);
    Row hotNow = facts(spark.read().format("delta").load(path).where(where));
    if (!coldFacts.equals(hotFacts) || !hotNow.equals(hotFacts)) {
      throw new LakehouseException("Moving " + table.name() + " " + table.partitionColumn() + "=" + date + " to "
          + coldTable + " stopped before deleting it from the hot table",
          "the copy does not match: hot at version " + v + " has " + describe(hotFacts) + ", the cold copy "
              + describe(coldFacts) + ", hot now " + describe(hotNow) + " (a writer still changes this partition)",
          "nothing was deleted; make sure no job writes to partitions older than the hot window, then run the job again");
    }
    long deleted = retry.run("DELETE " + table.name() + " " + table.partitionColumn() + "=" + date, () -> {
      DeltaTable.forPath(spark, path).delete(where);
      Row last = DeltaTable.forPath(spark, path).history(1).first();
      Map<String, String> metrics = last.getJavaMap(last.fieldIndex("operationMetrics"));
      return Long.parseLong(metrics.getOrDefault("numDeletedRows", "-1"));
    });
    if (deleted != rows) {
      throw new LakehouseException("Moving " + table.name() + " " + table.partitionColumn() + "=" + date + " deleted "
          + deleted + " rows from the hot table but copied " + rows,
          "rows were written to the partition between the check and the delete",
          "restore the partition's extra rows with time travel (SELECT ... VERSION AS OF " + v + " is what was copied), "
              + "and keep writers away from partitions older than the hot window");
    }
    LOG.info("moved {} {}={} to {}: {} rows (Delta version {})", table.name(), table.partitionColumn(), date, coldTable,
        rows, v);
    return new Moved(table.name(), date, rows, v);
  }

  /** Deletes cold partitions dated before {@code cutoff} (the raw bronze retention). Returns the rows deleted. */
  public long deleteBefore(String coldTable, String partitionColumn, LocalDate cutoff) {
    if (!iceberg.exists(coldTable)) return 0;
    Column old = col(partitionColumn).lt(lit(java.sql.Date.valueOf(cutoff)));
    long n = spark.table(coldTable).where(old).count();
    if (n > 0) spark.sql("DELETE FROM " + coldTable + " WHERE " + partitionColumn + " < DATE '" + cutoff + "'");
    return n;
  }

  private void copy(Dataset<Row> rows, String coldTable, String partitionColumn) {
    if (!iceberg.exists(coldTable)) {
      IcebergTables.create(rows, coldTable, List.of(partitionColumn));
      return;
    }
    try {
      rows.writeTo(coldTable).overwritePartitions();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("cold table " + coldTable + " was dropped by someone else meanwhile: run the job again", e);
    }
  }

  private Row coldFacts(String coldTable, Column where) {
    return iceberg.exists(coldTable) ? facts(spark.table(coldTable).where(where)) : RowFactory.create(0L, BigDecimal.ZERO);
  }

  /** Row count and the sum of a 64-bit hash of every column of every row (a content checksum independent of order). */
  static Row facts(Dataset<Row> rows) {
    Column[] all = Arrays.stream(rows.columns()).map(c -> col(c)).toArray(Column[]::new);
    Row r = rows.agg(count(lit(1)), sum(xxhash64(all).cast("decimal(38,0)"))).first();
    return RowFactory.create(r.getLong(0), r.isNullAt(1) ? BigDecimal.ZERO : r.getDecimal(1));
  }

  private static String describe(Row facts) {
    return facts.get(0) + " rows (hash sum " + facts.get(1) + ")";
  }
}
