package io.iotlakehouse.batch.job;

import static io.iotlakehouse.batch.TestLake.appendBronze;
import static io.iotlakehouse.batch.TestLake.bronze;
import static io.iotlakehouse.batch.TestLake.delta;
import static io.iotlakehouse.batch.TestLake.spark;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.batch.LakeTables;
import io.iotlakehouse.batch.TestLake;
import io.iotlakehouse.batch.io.ColdTier;
import io.iotlakehouse.batch.io.ConflictRetry;
import io.iotlakehouse.batch.io.IcebergCatalog;
import io.iotlakehouse.batch.io.IcebergTables;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.job.SilverJob;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiering: old bronze and silver partitions move to the cold Iceberg tables with the same content and leave the hot
 * tables; a run interrupted between copy and delete is finished without doubling anything; a partition the silver
 * stream has not processed stays hot, with the reason; raw bronze past its retention is deleted from the cold tier.
 */
class TierJobTest {
  @TempDir Path dir;

  @Test
  void oldPartitionsMoveToTheColdTierExactlyOnce() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Config config = TestLake.config(dir.resolve("lake"), "batch.tier.bronze-hot=10d", "batch.tier.silver-hot=10d",
        "batch.tier.bronze-retention=20d");
    SilverJob.Paths paths = SilverJob.Paths.from(config);
    TestLake.ensureBronze(paths.bronze(), Map.of());
    // ingest days 25 (past the raw retention), 15 and 12 (past the hot window) and 2 days ago (hot)
    for (int ago : new int[] {25, 15, 12, 2}) appendBronze(paths.bronze(), bronze(events(ago), noon(today.minusDays(ago))));
    runSilver(config);
    Row bronzeAll = TestLake.checksum(delta(paths.bronze()), List.of(delta(paths.bronze()).columns()));
    Row silverAll = TestLake.checksum(delta(paths.silver()), TestLake.EVENT_COLUMNS);

    // a previous run died after copying day -15 of bronze to the cold tier, before deleting it from the hot table
    IcebergCatalog catalog = IcebergCatalog.from(config);
    catalog.register(spark());
    String coldBronze = catalog.table("cold", "bronze_telemetry");
    Dataset<Row> day15 = delta(paths.bronze()).where(col("ingest_date").equalTo(lit(Date.valueOf(today.minusDays(15)))));
    IcebergTables.create(day15, coldBronze, List.of("ingest_date"));

    TierJob.Result r = TierJob.run(spark(), config);
    assertThat(r.moved()).extracting(m -> m.table() + " " + m.date()).contains(
        "bronze/telemetry " + today.minusDays(25), "bronze/telemetry " + today.minusDays(15),
        "bronze/telemetry " + today.minusDays(12));
    assertThat(r.moved()).allSatisfy(m -> assertThat(m.rows()).isPositive());
    // hot keeps only the hot window; hot + cold is what there was, nothing doubled
    assertThat(delta(paths.bronze()).select("ingest_date").distinct().as(org.apache.spark.sql.Encoders.DATE()).collectAsList())
        .containsExactly(Date.valueOf(today.minusDays(2)));
    String coldSilver = catalog.table("cold", "silver_telemetry");
    assertThat(TestLake.checksum(delta(paths.silver()).unionByName(spark().table(coldSilver)), TestLake.EVENT_COLUMNS))
        .isEqualTo(silverAll);
    assertThat(delta(paths.silver()).where(col("event_date").lt(lit(Date.valueOf(today.minusDays(10))))).count()).isZero();
    // raw bronze past 20 days is gone from the cold tier too; the rest of bronze is in one tier or the other
    assertThat(r.bronzeDeletedBefore()).isEqualTo(today.minusDays(20).toString());
    assertThat(r.bronzeRowsDeleted()).isEqualTo(events(25).size());
    Dataset<Row> everything = delta(paths.bronze()).unionByName(spark().table(coldBronze));
    assertThat(everything.count()).isEqualTo(bronzeAll.getLong(0) - events(25).size());
    assertThat(everything.where(col("ingest_date").equalTo(lit(Date.valueOf(today.minusDays(25))))).count()).isZero();

    // a second run finds nothing to move
    TierJob.Result again = TierJob.run(spark(), config);
    assertThat(again.moved()).isEmpty();

    // a partition the silver stream has not processed stays hot
    appendBronze(paths.bronze(), bronze(events(11), noon(today.minusDays(11))));
    assertThatThrownBy(() -> TierJob.run(spark(), config)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("Cannot move bronze/telemetry ingest_date=" + today.minusDays(11) + " to the cold tier")
        .hasMessageContaining("the stream silver-telemetry has not processed all of it");
    assertThat(delta(paths.bronze()).where(col("ingest_date").equalTo(lit(Date.valueOf(today.minusDays(11))))).count())
        .isEqualTo(events(11).size());

    // a partial cold partition (copied by hand or by another tool) is replaced by the copy, not added to
    runSilver(config);
    ColdTier cold = new ColdTier(spark(), Lake.from(config), ConflictRetry.from(config));
    Dataset<Row> partial = delta(paths.bronze()).where(col("ingest_date").equalTo(lit(Date.valueOf(today.minusDays(11))))).limit(3);
    partial.writeTo(coldBronze).append();
    long hot11 = delta(paths.bronze()).where(col("ingest_date").equalTo(lit(Date.valueOf(today.minusDays(11))))).count();
    assertThat(cold.move(LakeTables.get("bronze/telemetry"), today.minusDays(11), coldBronze).rows()).isEqualTo(hot11);
    assertThat(spark().table(coldBronze).where(col("ingest_date").equalTo(lit(Date.valueOf(today.minusDays(11))))).count())
        .isEqualTo(hot11);
    assertThat(delta(paths.bronze()).where(col("ingest_date").equalTo(lit(Date.valueOf(today.minusDays(11))))).count()).isZero();
  }

  private static void runSilver(Config config) throws Exception {
    StreamingQuery q = SilverJob.start(spark(), config, Trigger.AvailableNow());
    q.awaitTermination();
    assertThat(q.exception().isEmpty()).as("silver failed: %s", q.exception()).isTrue();
  }

  private static Instant noon(LocalDate d) {
    return d.atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  /** 30 events measured the day they are ingested, {@code ago} days ago; seqs unique per day. */
  private static List<Telemetry> events(int ago) {
    List<Telemetry> out = new ArrayList<>();
    long t = noon(LocalDate.now(ZoneOffset.UTC).minusDays(ago)).toEpochMilli();
    for (int s = 1; s <= 30; s++) out.add(TestLake.env("env-" + s % 3, 1000L * (100 - ago) + s, t - Duration.ofMinutes(s).toMillis(), 20));
    return out;
  }
}
