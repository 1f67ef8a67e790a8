package io.iotlakehouse.batch.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.batch.IcebergKeys;
import io.iotlakehouse.batch.TieringKeys;
import io.iotlakehouse.batch.io.ColdTier;
import io.iotlakehouse.batch.io.ConflictRetry;
import io.iotlakehouse.batch.io.DeltaLogs;
import io.iotlakehouse.batch.io.IcebergCatalog;
import io.iotlakehouse.batch.io.IcebergTables;
import io.iotlakehouse.batch.io.StreamCoverage;
import io.iotlakehouse.batch.transform.PartitionFiles;
import io.iotlakehouse.batch.transform.TierPlan;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.io.Lake;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Tiering and retention: moves date partitions older than the hot window from the Delta tables to their cold Iceberg
 * tables ({@link ColdTier}: copy, verify, delete; idempotent), after checking that every stream reading the table has
 * processed them; deletes raw bronze older than {@code batch.tier.bronze-retention} from the cold tier and expires the
 * cold tables' old snapshots. spark-submit main class; {@code ./lakehouse batch tier}.
 */
public final class TierJob {
  private TierJob() {}

  public record Result(List<ColdTier.Moved> moved, String bronzeDeletedBefore, long bronzeRowsDeleted, long snapshotsExpired) {}

  public static Result run(SparkSession spark, Config config) {
    Lake lake = Lake.from(config);
    TierPlan.Policy policy = TierPlan.policy(Instant.now(), config.get(TieringKeys.BRONZE_HOT),
        config.get(TieringKeys.SILVER_HOT), config.get(TieringKeys.BRONZE_RETENTION), config.get(SilverKeys.LATE_BOUND),
        config.get(SilverKeys.FUTURE_SKEW));
    IcebergCatalog catalog = IcebergCatalog.from(config);
    catalog.register(spark);
    String coldNamespace = config.get(TieringKeys.COLD_NAMESPACE);
    ColdTier cold = new ColdTier(spark, lake, ConflictRetry.from(config));
    StreamCoverage coverage = new StreamCoverage(spark, lake.root() + "/checkpoints");
    IcebergTables iceberg = new IcebergTables(spark);
    List<ColdTier.Moved> moved = new ArrayList<>();
    List<String> coldTables = new ArrayList<>();
    for (TierPlan.Move m : policy.moves()) {
      String path = m.table().path(lake);
      String coldTable = catalog.table(coldNamespace, TierPlan.coldName(m.table()));
      coldTables.add(coldTable);
      if (!DeltaTable.isDeltaTable(spark, path)) continue;
      for (LocalDate d : PartitionFiles.count(DeltaLogs.files(spark, path, null), m.table().partitionColumn()).keySet()) {
        if (!d.isBefore(m.cutoff())) continue;
        String column = m.table().partitionColumn();
        coverage.require(path, col(column).equalTo(lit(java.sql.Date.valueOf(d))),
            "move " + m.table().name() + " " + column + "=" + d + " to the cold tier", null);
        moved.add(cold.move(m.table(), d, coldTable));
      }
    }
    long bronzeDeleted = 0;
    if (policy.bronzeDeleteBefore().isPresent()) {
      bronzeDeleted = cold.deleteBefore(coldTables.get(0), "ingest_date", policy.bronzeDeleteBefore().get());
    }
    long expired = 0;
    for (String t : coldTables) {
      if (iceberg.exists(t)) {
        expired += iceberg.expire(t, config.get(IcebergKeys.SNAPSHOT_RETENTION), config.get(IcebergKeys.MIN_SNAPSHOTS));
      }
    }
    return new Result(moved, policy.bronzeDeleteBefore().map(LocalDate::toString).orElse(""), bronzeDeleted, expired);
  }

  public static void main(String[] args) {
    BatchJobs.main("tier", args, TierJob::run);
  }
}
