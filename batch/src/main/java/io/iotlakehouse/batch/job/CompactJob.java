package io.iotlakehouse.batch.job;

import io.iotlakehouse.batch.LakeTables;
import io.iotlakehouse.batch.LakeTables.LakeTable;
import io.iotlakehouse.batch.MaintenanceKeys;
import io.iotlakehouse.batch.io.ConflictRetry;
import io.iotlakehouse.batch.io.DeltaMaintenance;
import io.iotlakehouse.batch.transform.CompactionPlan;
import io.iotlakehouse.batch.transform.VacuumSafety;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.io.Lake;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Compacts the small files the streams write ({@code batch.compaction.tables}), beside the running streams: Delta
 * OPTIMIZE (Z-ORDER with {@code batch.compaction.zorder}) of the date partitions older than
 * {@code batch.compaction.min-age}. spark-submit main class; {@code ./lakehouse batch compact}.
 */
public final class CompactJob {
  private CompactJob() {}

  public record Result(String cutoff, boolean zorder, List<DeltaMaintenance.Compaction> tables) {}

  public static Result run(SparkSession spark, Config config) {
    List<LakeTable> tables = LakeTables.parse(config.get(MaintenanceKeys.COMPACTION_TABLES));
    boolean goldStopped = config.get(MaintenanceKeys.GOLD_STOPPED);
    List<String> refusals = new ArrayList<>();
    for (LakeTable t : tables) refusals.addAll(CompactionPlan.refusals(t, goldStopped));
    if (!refusals.isEmpty()) {
      throw new LakehouseException("Compaction refused", String.join("; ", refusals),
          "remove those tables from " + MaintenanceKeys.COMPACTION_TABLES.name() + ", or stop the gold job and set "
              + MaintenanceKeys.GOLD_STOPPED.name() + "=true");
    }
    Duration minAge = config.get(MaintenanceKeys.MIN_AGE);
    Duration lateness = config.get(GoldKeys.ALLOWED_LATENESS);
    if (!goldStopped && minAge.compareTo(lateness) < 0 && tables.stream().anyMatch(t -> t.writes() == LakeTables.Writes.MERGE)) {
      throw new LakehouseException(MaintenanceKeys.MIN_AGE.name() + " " + VacuumSafety.human(minAge) + " is shorter than "
          + GoldKeys.ALLOWED_LATENESS.name() + " " + VacuumSafety.human(lateness),
          "the gold stream still MERGEs into windows that recent, and rewriting their files would make its MERGEs retry",
          "set --conf " + MaintenanceKeys.MIN_AGE.name() + "=1d (the default) or at least " + VacuumSafety.human(lateness));
    }
    LocalDate cutoff = CompactionPlan.cutoff(Instant.now(), minAge);
    boolean zorder = config.get(MaintenanceKeys.ZORDER);
    DeltaMaintenance m = new DeltaMaintenance(spark, Lake.from(config), ConflictRetry.from(config));
    List<DeltaMaintenance.Compaction> out = new ArrayList<>();
    for (LakeTable t : tables) out.add(m.compact(t, cutoff, zorder));
    return new Result(cutoff.toString(), zorder, out);
  }

  public static void main(String[] args) {
    BatchJobs.main("compact", args, CompactJob::run);
  }
}
