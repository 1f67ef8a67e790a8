package io.iotlakehouse.batch.job;

import static io.iotlakehouse.batch.TestLake.delta;
import static io.iotlakehouse.batch.TestLake.spark;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.batch.IcebergKeys;
import io.iotlakehouse.batch.TestLake;
import io.iotlakehouse.batch.io.DeltaLogs;
import io.iotlakehouse.batch.io.IcebergCatalog;
import io.iotlakehouse.batch.io.IcebergSync;
import io.iotlakehouse.batch.io.IcebergTables;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.streaming.io.DeltaMerge;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.transform.gold.FleetKpis;
import io.iotlakehouse.streaming.transform.gold.RollingWindows;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: the gold tables published to Iceberg equal the Delta tables after every incremental sync, whatever
 * changed in between (MERGE updates and inserts as the gold stream writes them, an OPTIMIZE that changes no row, a
 * range replaced with fewer rows as a backfill does), a second sync changes nothing, and time travel gives equal
 * tables on both sides for every synced version.
 */
class IcebergSyncJobTest {
  private static final long T0 = Instant.parse("2026-11-20T23:30:00Z").toEpochMilli();

  @TempDir Path dir;

  @Test
  void icebergFollowsDeltaIncrementallyAndTimeTravelsWithIt() {
    Config config = TestLake.config(dir.resolve("lake"));
    GoldTables gold = GoldTables.in(Lake.from(config));
    gold.ensure(spark(), GoldJob.settings(config));
    IcebergCatalog catalog = IcebergCatalog.from(config);
    String rolling = catalog.table("gold", "sensor_rolling_5m");
    String kpis = catalog.table("gold", "fleet_kpis_hourly");

    // 1: first publication (3 devices x 2 sensors x 40 windows across midnight; 2 sites x 5 hours)
    List<Row> windows = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      for (String sensor : List.of("temperature_c", "humidity_pct")) {
        for (int w = 0; w < 40; w++) windows.add(window("env-" + d, sensor, w, 20.0 + d + w / 10.0));
      }
    }
    merge(gold.rolling(), windows, RollingWindows.KEY);
    List<Row> hours = new ArrayList<>();
    for (String site : List.of("plant-a", "depot-b")) for (int h = 0; h < 5; h++) hours.add(hour(site, h, 100 + h));
    merge(gold.fleetKpis(), hours, FleetKpis.KEY);
    IcebergSyncJob.Result first = IcebergSyncJob.run(spark(), config);
    assertThat(first.tables()).extracting(IcebergSync.Result::fromVersion).containsOnlyNulls();
    assertEqual(gold.rolling(), rolling);
    assertEqual(gold.fleetKpis(), kpis);

    // 2: the gold stream's MERGEs: 5 windows recomputed with new values, 4 new windows, one hour updated
    List<Row> changed = new ArrayList<>();
    for (int w = 15; w < 20; w++) changed.add(window("env-1", "temperature_c", w, 99.0 + w));
    for (int w = 40; w < 44; w++) changed.add(window("env-2", "humidity_pct", w, 50.0));
    merge(gold.rolling(), changed, RollingWindows.KEY);
    merge(gold.fleetKpis(), List.of(hour("depot-b", 4, 777)), FleetKpis.KEY);
    IcebergSyncJob.Result second = IcebergSyncJob.run(spark(), config);
    assertThat(result(second, rolling).changedKeys()).isEqualTo(9); // not every row of the rewritten files
    assertThat(result(second, kpis).changedKeys()).isEqualTo(1);
    assertEqual(gold.rolling(), rolling);
    assertEqual(gold.fleetKpis(), kpis);

    // 3: files rewritten without changing a row (a partition written again as three files, then compacted back into
    // one): nothing to commit, the version is still recorded
    int snapshots = snapshots(rolling).size();
    Dataset<Row> first20 = delta(gold.rolling()).where(col("window_date").equalTo(Date.valueOf("2026-11-20")));
    first20.repartition(3).write().format("delta").mode("overwrite")
        .option("replaceWhere", "window_date = DATE '2026-11-20'").save(gold.rolling());
    assertThat(result(IcebergSyncJob.run(spark(), config), rolling).changedKeys()).isZero();
    assertThat(DeltaLogs.files(spark(), gold.rolling(), null)).hasSizeGreaterThan(2);
    DeltaTable.forPath(spark(), gold.rolling()).optimize().executeCompaction();
    assertThat(DeltaLogs.files(spark(), gold.rolling(), null)).hasSize(2);
    assertThat(result(IcebergSyncJob.run(spark(), config), rolling).changedKeys()).isZero();
    assertThat(snapshots(rolling)).hasSize(snapshots);
    assertThat(new IcebergSync(spark()).lastSynced(rolling)).contains(DeltaLogs.latestVersion(spark(), gold.rolling()));
    assertEqual(gold.rolling(), rolling);

    // 4: a backfill replaces the first date's windows of env-0 with fewer rows (rows deleted in Delta)
    Dataset<Row> kept = delta(gold.rolling()).where(col("window_date").equalTo(Date.valueOf("2026-11-20"))
        .and(col("device_id").notEqual("env-0").or(col("sensor").equalTo("temperature_c"))));
    long before = delta(gold.rolling()).count();
    kept.write().format("delta").mode("overwrite").option("replaceWhere", "window_date = DATE '2026-11-20'").save(gold.rolling());
    assertThat(delta(gold.rolling()).count()).isLessThan(before);
    IcebergSyncJob.Result fourth = IcebergSyncJob.run(spark(), config);
    assertThat(result(fourth, rolling).changedKeys()).isEqualTo(before - delta(gold.rolling()).count());
    assertEqual(gold.rolling(), rolling);

    // 5: nothing changed since: the sync does nothing
    long current = new IcebergTables(spark()).load(rolling).currentSnapshot().snapshotId();
    IcebergSyncJob.Result again = IcebergSyncJob.run(spark(), config);
    assertThat(again.tables()).allSatisfy(r -> assertThat(r.changedKeys()).isZero());
    assertThat(new IcebergTables(spark()).load(rolling).currentSnapshot().snapshotId()).isEqualTo(current);

    // time travel: every snapshot the sync committed equals Delta at the version it records
    Map<Long, Long> versions = new HashMap<>();
    for (Snapshot s : snapshots(rolling)) {
      String v = s.summary().get(IcebergSync.DELTA_VERSION);
      if (v != null) versions.put(Long.parseLong(v), s.snapshotId());
    }
    assertThat(versions).hasSize(3); // created, MERGE, replacement
    versions.forEach((v, snapshot) -> assertSame(
        spark().read().format("delta").option("versionAsOf", v).load(gold.rolling()),
        spark().read().option("snapshot-id", snapshot).table(rolling)));

    // snapshot expiry keeps the newest and the synced version
    Config expiring = Config.load(io.iotlakehouse.batch.BatchKeys.jobKeys(), null, List.of("lake.root=" + dir.resolve("lake"),
        "batch.iceberg.catalog=" + catalog.name(), IcebergKeys.SNAPSHOT_RETENTION.name() + "=1ms",
        IcebergKeys.MIN_SNAPSHOTS.name() + "=1"));
    assertThat(IcebergSyncJob.run(spark(), expiring).snapshotsExpired()).isGreaterThanOrEqualTo(2);
    assertThat(snapshots(rolling)).hasSize(1);
    assertEqual(gold.rolling(), rolling);
    assertThat(new IcebergSync(spark()).lastSynced(rolling)).contains(DeltaLogs.latestVersion(spark(), gold.rolling()));
  }

  private static IcebergSync.Result result(IcebergSyncJob.Result r, String table) {
    return r.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow();
  }

  private static List<Snapshot> snapshots(String table) {
    Table t = new IcebergTables(spark()).load(table);
    List<Snapshot> out = new ArrayList<>();
    t.snapshots().forEach(out::add);
    return out;
  }

  private static void assertEqual(String deltaPath, String icebergTable) {
    assertSame(delta(deltaPath), spark().table(icebergTable));
  }

  private static void assertSame(Dataset<Row> delta, Dataset<Row> iceberg) {
    assertThat(iceberg.count()).isEqualTo(delta.count());
    assertThat(delta.exceptAll(iceberg).count()).isZero();
    assertThat(iceberg.exceptAll(delta).count()).isZero();
  }

  private static void merge(String path, List<Row> rows, List<String> key) {
    Dataset<Row> source = spark().createDataFrame(rows, DeltaTable.forPath(spark(), path).toDF().schema());
    DeltaMerge.replace(spark(), path, source, key, null, null);
  }

  /** A 5-minute window (slide 1m) {@code w} minutes after T0, which crosses midnight at w = 30. */
  private static Row window(String device, String sensor, int w, double avg) {
    long start = T0 + w * 60_000L;
    return RowFactory.create(device, "env", "plant-a", sensor, new Timestamp(start), new Timestamp(start + 300_000L), avg,
        avg - 1, avg + 1, 5L, Date.valueOf(Instant.ofEpochMilli(start).atZone(java.time.ZoneOffset.UTC).toLocalDate()));
  }

  private static Row hour(String site, int h, long events) {
    return RowFactory.create(site, new Timestamp(T0 + 1_800_000L + h * 3_600_000L), 3L, events, 2L, 12.5, 61.0, 55.0, 40.0,
        90.0, 101.0, null);
  }
}
