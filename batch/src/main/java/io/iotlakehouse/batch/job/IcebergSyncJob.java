package io.iotlakehouse.batch.job;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.batch.IcebergKeys;
import io.iotlakehouse.batch.io.IcebergCatalog;
import io.iotlakehouse.batch.io.IcebergSync;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.transform.gold.FleetKpis;
import io.iotlakehouse.streaming.transform.gold.RollingWindows;
import io.iotlakehouse.streaming.transform.gold.TurbofanHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Publishes the gold tables as Iceberg tables ({@code <catalog>.<namespace>.<table>}) and keeps them in step with
 * Delta incrementally ({@link IcebergSync}), then expires Iceberg snapshots older than
 * {@code batch.iceberg.snapshot-retention}. spark-submit main class; {@code ./lakehouse batch iceberg-sync}.
 */
public final class IcebergSyncJob {
  private IcebergSyncJob() {}

  /** Key and Iceberg partitioning of each published gold table. */
  record Spec(List<String> key, List<String> partitionBy) {}

  static final Map<String, Spec> SPECS = Map.of(
      "sensor_rolling_5m", new Spec(RollingWindows.KEY, List.of("window_date")),
      "turbofan_health", new Spec(TurbofanHealth.KEY, List.of()),
      "asset_health", new Spec(List.of("device_id"), List.of()),
      "fleet_kpis_hourly", new Spec(FleetKpis.KEY, List.of()));

  public record Result(List<IcebergSync.Result> tables, long snapshotsExpired) {}

  public static Result run(SparkSession spark, Config config) {
    Lake lake = Lake.from(config);
    IcebergCatalog catalog = IcebergCatalog.from(config);
    catalog.register(spark);
    IcebergSync sync = new IcebergSync(spark);
    List<IcebergSync.Result> out = new ArrayList<>();
    long expired = 0;
    for (String name : IcebergKeys.GOLD_TABLES) {
      String path = lake.table("gold", name);
      if (!DeltaTable.isDeltaTable(spark, path)) continue;
      String iceberg = catalog.table(config.get(IcebergKeys.NAMESPACE), name);
      Spec spec = SPECS.get(name);
      out.add(sync.sync(path, iceberg, spec.key(), spec.partitionBy()));
      expired += sync.expire(iceberg, config.get(IcebergKeys.SNAPSHOT_RETENTION), config.get(IcebergKeys.MIN_SNAPSHOTS));
    }
    return new Result(out, expired);
  }

  public static void main(String[] args) {
    BatchJobs.main("iceberg-sync", args, IcebergSyncJob::run);
  }
}
