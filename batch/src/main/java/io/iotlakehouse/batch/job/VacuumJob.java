package io.iotlakehouse.batch.job;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.batch.IcebergKeys;
import io.iotlakehouse.batch.LakeTables;
import io.iotlakehouse.batch.LakeTables.LakeTable;
import io.iotlakehouse.batch.MaintenanceKeys;
import io.iotlakehouse.batch.io.ConflictRetry;
import io.iotlakehouse.batch.io.DeltaMaintenance;
import io.iotlakehouse.batch.io.IcebergCatalog;
import io.iotlakehouse.batch.io.IcebergSync;
import io.iotlakehouse.streaming.io.VersionPins;
import io.iotlakehouse.batch.transform.VacuumSafety;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.io.Lake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * VACUUMs {@code batch.vacuum.tables} with {@code batch.vacuum.retention}, after checking every table first: the
 * whole run is refused, before any file is deleted, when the retention is unsafe for one of them (see
 * {@link VacuumSafety}). spark-submit main class; {@code ./lakehouse batch vacuum}.
 */
public final class VacuumJob {
  private VacuumJob() {}

  public record Result(List<DeltaMaintenance.Vacuum> tables) {}

  /** The Spark SQL setting Delta's VACUUM takes its listing's task count from. */
  static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  public static Result run(SparkSession spark, Config config) {
    Lake lake = Lake.from(config);
    List<LakeTable> tables = LakeTables.parse(config.get(MaintenanceKeys.VACUUM_TABLES));
    Duration retention = config.get(MaintenanceKeys.VACUUM_RETENTION);
    Duration margin = config.get(MaintenanceKeys.SAFETY_MARGIN);
    Duration trigger = BatchJobs.longestTrigger(config);
    VacuumSafety.checkMargin(margin, trigger);
    DeltaMaintenance m = new DeltaMaintenance(spark, lake, ConflictRetry.from(config));
    VersionPins pins = new VersionPins(spark, lake);
    List<String> refusals = new ArrayList<>();
    List<List<VacuumSafety.Need>> icebergNeeds = new ArrayList<>();
    for (LakeTable t : tables) {
      List<VacuumSafety.Need> needs = icebergNeeds(spark, config, m, t);
      icebergNeeds.add(needs);
      if (!DeltaTable.isDeltaTable(spark, t.path(lake))) continue;
      try {
        m.checkVacuum(t, retention, margin, trigger, needs, pins);
      } catch (LakehouseException e) {
        refusals.add(e.why() + " [" + t.name() + "; fix: " + e.fix() + "]");
      }
    }
    if (!refusals.isEmpty()) {
      throw new LakehouseException("VACUUM with retention " + VacuumSafety.human(retention) + " refused for "
          + refusals.size() + " of " + tables.size() + " tables; nothing was deleted", String.join("; ", refusals),
          "raise " + MaintenanceKeys.VACUUM_RETENTION.name() + " to the largest value named above, or release what holds "
              + "the old versions");
    }
    List<DeltaMaintenance.Vacuum> out = new ArrayList<>();
    int parallelism = config.get(MaintenanceKeys.VACUUM_LISTING_PARALLELISM);
    String previous = spark.conf().contains(LISTING_PARALLELISM) ? spark.conf().get(LISTING_PARALLELISM) : null;
    spark.conf().set(LISTING_PARALLELISM, parallelism > 0 ? parallelism : 4 * spark.sparkContext().defaultParallelism());
    try {
      for (int i = 0; i < tables.size(); i++) {
        out.add(m.vacuum(tables.get(i), retention, margin, trigger, icebergNeeds.get(i), pins));
      }
    } finally {
      if (previous == null) spark.conf().unset(LISTING_PARALLELISM);
      else spark.conf().set(LISTING_PARALLELISM, previous);
    }
    return new Result(out);
  }

  /** The Iceberg sync of a published gold table reads its last synced version's files next time. */
  private static List<VacuumSafety.Need> icebergNeeds(SparkSession spark, Config config, DeltaMaintenance m, LakeTable t) {
    String name = t.name().substring(t.name().indexOf('/') + 1);
    if (!t.name().startsWith("gold/") || !IcebergKeys.GOLD_TABLES.contains(name)) return List.of();
    IcebergCatalog catalog = IcebergCatalog.from(config);
    catalog.register(spark);
    String iceberg = catalog.table(config.get(IcebergKeys.NAMESPACE), name);
    Optional<Long> last = new IcebergSync(spark).lastSynced(iceberg);
    return last.map(v -> List.of(m.need("the Iceberg sync of " + iceberg, t.path(Lake.from(config)), v))).orElse(List.of());
  }

  public static void main(String[] args) {
    BatchJobs.main("vacuum", args, VacuumJob::run);
  }
}
