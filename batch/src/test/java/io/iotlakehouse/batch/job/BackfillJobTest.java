package io.iotlakehouse.batch.job;

import static io.iotlakehouse.batch.TestLake.appendBronze;
import static io.iotlakehouse.batch.TestLake.bronze;
import static io.iotlakehouse.batch.TestLake.delta;
import static io.iotlakehouse.batch.TestLake.spark;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.iotlakehouse.batch.TestLake;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.streaming.io.ReferenceTables;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.streaming.transform.gold.FleetKpis;
import io.iotlakehouse.streaming.transform.gold.RollingWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: two rules change (a device is registered after its events were quarantined as unknown_device, and the
 * late bound grows from 3 to 5 days), a range of ingest dates is backfilled while the silver stream runs and keeps
 * appending, and then: bronze = silver + quarantine + duplicates, no (device_id, seq) twice in silver, the rows the old
 * rules quarantined in the range are in silver (and those outside the range still quarantined), a duplicate whose first
 * copy lies before the range stays a duplicate, gold equals a recomputation from silver for the rebuilt span, and a
 * second run of the same backfill changes nothing.
 */
class BackfillJobTest {
  @TempDir Path dir;

  @Test
  void ruleFixIsBackfilledWithoutDuplicatesWhileSilverRuns() throws Exception {
    LocalDate day0 = LocalDate.now(ZoneOffset.UTC).minusDays(12);
    Instant[] ingest = new Instant[3];
    for (int i = 0; i < 3; i++) ingest[i] = day0.plusDays(i).atTime(12, 0).toInstant(ZoneOffset.UTC);
    Config oldRules = TestLake.config(dir.resolve("lake"), "streaming.silver.late-bound=3d");
    SilverJob.Paths paths = SilverJob.Paths.from(oldRules);
    ReferenceTables.appendDevices(spark(), paths.registry(), List.of(
        device("env-0", "env", "plant-a"), device("env-1", "env", "plant-a"), device("truck-0", "truck", "depot-b"),
        device("fan-0", "turbofan", "hangar-c")));

    TestLake.ensureBronze(paths.bronze(), java.util.Map.of());
    long h = 3_600_000L;
    for (int day = 0; day < 3; day++) {
      List<Telemetry> events = new ArrayList<>();
      long t = ingest[day].toEpochMilli();
      for (int s = 1; s <= 20; s++) {
        long seq = day * 20L + s;
        events.add(TestLake.env("env-0", seq, t - 2 * h + s * 60_000L, 20 + s % 5));
        events.add(TestLake.truck("truck-0", seq, t - 2 * h + s * 60_000L, 50, s % 7 == 0 ? List.of("P0217") : List.of()));
        events.add(TestLake.turbofan("fan-0", seq, t - 2 * h + s * 60_000L, (int) seq));
      }
      for (int s = 1; s <= 5; s++) events.add(TestLake.env("env-new", day * 5L + s, t - h + s * 60_000L, 30));
      if (day == 1) {
        events.add(TestLake.env("env-0", 5, t - 2 * h + 5 * 60_000L - Duration.ofDays(1).toMillis(), 20)); // copy of day 0's seq 5
        events.add(TestLake.env("env-1", 1, t - Duration.ofDays(4).toMillis(), 18)); // too old for a 3d late bound
      }
      appendBronze(paths.bronze(), bronze(events, ingest[day]));
    }
    runSilver(oldRules);
    runGold(oldRules);
    assertThat(quarantined("env-new")).hasSize(15);
    assertThat(quarantined("env-1")).containsExactly(1L);

    // the rule fixes: env-new is registered, the late bound is raised; the stream restarts with them and keeps running
    ReferenceTables.appendDevices(spark(), paths.registry(), List.of(device("env-new", "env", "plant-a")));
    Config newRules = TestLake.config(dir.resolve("lake"), "streaming.silver.late-bound=5d",
        "batch.backfill.from=" + day0.plusDays(1), "batch.backfill.to=" + day0.plusDays(2));
    StreamingQuery silver = SilverJob.start(spark(), newRules, Trigger.ProcessingTime(1000));
    BackfillJob.Result result;
    try {
      Instant now = Instant.now();
      appendBronze(paths.bronze(), bronze(List.of(TestLake.env("env-0", 61, now.toEpochMilli(), 21),
          TestLake.env("env-new", 16, now.toEpochMilli(), 31)), now));
      result = BackfillJob.run(spark(), newRules);
      appendBronze(paths.bronze(), bronze(List.of(TestLake.env("env-0", 62, Instant.now().toEpochMilli(), 22)), Instant.now()));
      long bronzeRows = delta(paths.bronze()).count();
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> routedRows(paths) == bronzeRows);
      assertThat(silver.exception().isEmpty()).as("silver failed: %s", silver.exception()).isTrue();
    } finally {
      silver.stop();
    }

    // counts reconcile, range and total, and no event is in silver twice
    assertThat(result.before().get("bronze")).isEqualTo(result.after().get("bronze")).isEqualTo(2 * (60 + 5) + 2);
    assertThat(result.after().get("silver") + result.after().get("quarantine") + result.after().get("duplicates"))
        .isEqualTo(result.after().get("bronze"));
    assertThat(result.after().get("silver")).isEqualTo(result.before().get("silver") + 10 + 1);
    assertThat(routedRows(paths)).isEqualTo(delta(paths.bronze()).count());
    assertThat(delta(paths.silver()).groupBy("device_id", "seq").count().where(col("count").gt(1)).count()).isZero();
    // the range's rows the old rules quarantined are in silver now; day 0 was not backfilled
    assertThat(quarantined("env-new")).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(silverSeqs("env-new")).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
    assertThat(quarantined("env-1")).isEmpty();
    assertThat(silverSeqs("env-1")).containsExactly(1L);
    // the copy of an event first ingested before the range is still a duplicate
    assertThat(delta(paths.duplicates()).where(col("device_id").equalTo("env-0")).select("seq").as(org.apache.spark.sql.Encoders.LONG())
        .collectAsList()).containsExactly(5L);

    // gold equals a recomputation from silver over the rebuilt span
    Dataset<Row> silverRows = delta(paths.silver());
    String rolling = paths.silver().replace("silver/telemetry", "gold/sensor_rolling_5m");
    Dataset<Row> expectedWindows = RollingWindows.all(silverRows.where(col("device_id").isin("env-new", "env-1")),
        GoldJob.settings(newRules)).where(col("window_start").lt(ts(Instant.now().minus(Duration.ofDays(1)))));
    assertSameRows(delta(rolling).where(col("device_id").isin("env-new", "env-1")), expectedWindows);
    String kpis = paths.silver().replace("silver/telemetry", "gold/fleet_kpis_hourly");
    Instant spanFrom = Instant.parse(result.spanFrom());
    Instant spanTo = Instant.parse(result.spanTo());
    org.apache.spark.sql.Column span = col("hour").geq(ts(spanFrom.truncatedTo(java.time.temporal.ChronoUnit.HOURS)))
        .and(col("hour").leq(ts(spanTo)));
    assertSameRows(delta(kpis).where(span), FleetKpis.all(silverRows).where(span));
    assertThat(result.goldWindows()).isPositive();
    assertThat(result.goldHealthRows()).isEqualTo(60); // every cycle of fan-0, which has rows in the range

    // a second run changes nothing
    Row checksum = TestLake.checksum(delta(paths.silver()), TestLake.EVENT_COLUMNS);
    BackfillJob.Result rerun = BackfillJob.run(spark(), newRules);
    assertThat(rerun.after()).isEqualTo(result.after());
    assertThat(TestLake.checksum(delta(paths.silver()), TestLake.EVENT_COLUMNS)).isEqualTo(checksum);

    // a range the silver stream has not processed yet is refused
    appendBronze(paths.bronze(), bronze(List.of(TestLake.env("env-0", 63, ingest[2].toEpochMilli() + h, 20)),
        ingest[2].plus(Duration.ofDays(1))));
    Config unprocessed = TestLake.config(dir.resolve("lake"), "streaming.silver.late-bound=5d",
        "batch.backfill.from=" + day0.plusDays(3));
    assertThatThrownBy(() -> BackfillJob.run(spark(), unprocessed)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("the stream silver-telemetry has not processed all of it")
        .hasMessageContaining("let the stream catch up");
  }

  private static org.apache.spark.sql.Column ts(Instant t) {
    return org.apache.spark.sql.functions.lit(java.sql.Timestamp.from(t));
  }

  private static ReferenceTables.Device device(String id, String kind, String site) {
    return new ReferenceTables.Device(id, kind, site, "m1", LocalDate.parse("2025-01-01"), Instant.parse("2025-01-01T00:00:00Z"));
  }

  private static void runSilver(Config config) throws Exception {
    StreamingQuery q = SilverJob.start(spark(), config, Trigger.AvailableNow());
    q.awaitTermination();
    assertThat(q.exception().isEmpty()).as("silver failed: %s", q.exception()).isTrue();
  }

  private static void runGold(Config config) throws Exception {
    StreamingQuery q = GoldJob.start(spark(), config, Trigger.AvailableNow());
    q.awaitTermination();
    assertThat(q.exception().isEmpty()).as("gold failed: %s", q.exception()).isTrue();
  }

  private long routedRows(SilverJob.Paths p) {
    return delta(p.silver()).count() + delta(p.quarantine()).count() + delta(p.duplicates()).count();
  }

  private List<Long> quarantined(String device) {
    return seqs(dir.resolve("lake/silver/quarantine").toString(), device);
  }

  private List<Long> silverSeqs(String device) {
    return seqs(dir.resolve("lake/silver/telemetry").toString(), device);
  }

  private static List<Long> seqs(String path, String device) {
    return delta(path).where(col("device_id").equalTo(device)).select("seq").orderBy("seq")
        .as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
  }

  private static void assertSameRows(Dataset<Row> actual, Dataset<Row> expected) {
    Dataset<Row> e = expected.select(actual.columns()[0], java.util.Arrays.copyOfRange(actual.columns(), 1, actual.columns().length));
    assertThat(actual.count()).isEqualTo(e.count()).isPositive();
    assertThat(actual.exceptAll(e).count()).isZero();
    assertThat(e.exceptAll(actual).count()).isZero();
  }
}
