package io.iotlakehouse.streaming.job;

import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.env;
import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.truck;
import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.turbofan;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.transform.alerts.AlertRules;
import io.iotlakehouse.streaming.transform.gold.GoldAssertions;
import io.iotlakehouse.streaming.transform.gold.GoldFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * GoldJob end to end on silver tables written by the test, in two lakes holding the same three silver commits: (a) an
 * uninterrupted run, compared with plain-Java references over the same silver rows; (b) a stopped running query, a
 * replayed batch after a crash between its MERGEs, compared with (a). The tests share the lakes and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldJobTest {
  static final long MIN = 60_000L;
  static final long T0 = Instant.parse("2026-11-23T10:50:00Z").toEpochMilli();
  static final List<String> GOLD = List.of("sensor_rolling_5m", "fleet_kpis_hourly", "turbofan_health", "asset_health");
  @TempDir static Path work;
  static SparkSession spark;
  static List<List<Row>> commits;
  static GoldLake a;
  static GoldLake b;

  @BeforeAll
  static void start() {
    spark = GoldLake.session("gold-job-test");
    commits = fleetCommits();
    a = GoldLake.create(spark, work.resolve("a"));
    b = GoldLake.create(spark, work.resolve("b"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Three silver commits of 8 minutes each from 10:50 (so across 11:00), an event per device every 20 s. */
  static List<List<Row>> fleetCommits() {
    GoldFixtures.Numbers rnd = new GoldFixtures.Numbers(2026);
    List<List<Row>> out = new ArrayList<>();
    int tick = 0;
    for (int c = 0; c < 3; c++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 24; i++, tick++) {
        long t = T0 + tick * 20_000L;
        long seq = tick + 1;
        rows.add(env("env-1", seq, t, "site-a", tick % 10 == 0 ? 46.5 : rnd.next(18, 26), rnd.next(40, 60)));
        rows.add(env("env-2", seq, t + 3_000, null, rnd.next(18, 26), rnd.next(85, 95)));
        rows.add(truck("truck-1", seq, t + 5_000, "site-a", 52.50 + tick * 0.002, 13.40 + tick * 0.001, rnd.next(40, 90),
            rnd.next(1200, 2200), rnd.next(85, 112), rnd.next(280, 360), 60 - tick * 0.2, List.of()));
        rows.add(truck("truck-2", seq, t + 7_000, "site-b", 48.10 - tick * 0.001, 11.50 + tick * 0.002, rnd.next(40, 90),
            rnd.next(1200, 2200), rnd.next(85, 100), rnd.next(280, 360), 20 - tick * 0.2, tick % 7 == 0 ? List.of("P0301") : List.of()));
        rows.add(turbofan("turbofan-1", seq, t + 11_000, "hangar-1", 1, tick + 1, GoldFixtures.turbofanSensors(rnd, tick + 1)));
      }
      out.add(rows);
    }
    return out;
  }

  @Test
  @Order(1)
  void goldEqualsAPlainJavaComputationOverTheSameSilverRows() throws Exception {
    List<Row> all = new ArrayList<>();
    for (int c = 0; c < commits.size(); c++) {
      a.appendSilver(commits.get(c));
      all.addAll(commits.get(c));
      a.runAvailableNow();
      Row p = a.progress().get(c);
      assertThat(p.<Long>getAs("batch_id")).isEqualTo(c);
      assertThat(p.<Long>getAs("silver_version")).as("recomputed from the silver version the batch ends at")
          .isEqualTo(a.version(a.paths().silver()));
      assertThat(p.<Long>getAs("rows")).isEqualTo(commits.get(c).size());
      assertThat(p.<Long>getAs("late_rows")).isZero();
    }

    GoldAssertions.assertRolling(a.rows(a.paths().gold().rolling()), GoldFixtures.rollingReference(all, MIN));
    GoldAssertions.assertHealth(a.rows(a.paths().gold().turbofanHealth()), GoldFixtures.healthReference(all, 30));

    Map<String, GoldFixtures.HourStat> hours = GoldFixtures.fleetReference(all, all);
    List<Row> fleet = a.rows(a.paths().gold().fleetKpis());
    assertThat(fleet.stream().map(GoldAssertions::hourKey).collect(Collectors.toSet())).isEqualTo(hours.keySet())
        .contains("site-a|2026-11-23T10:00:00Z", "site-a|2026-11-23T11:00:00Z", "unassigned|2026-11-23T11:00:00Z");
    for (Row g : fleet) GoldAssertions.assertHour(g, hours.get(GoldAssertions.hourKey(g)));
    Map<String, Long> alerts = new HashMap<>();
    for (Row r : AlertRules.evaluate(GoldFixtures.frame(spark, all))
        .groupBy(coalesce(col("site"), lit("unassigned")), date_trunc("hour", col("event_time"))).count().collectAsList()) {
      alerts.put(r.getString(0) + "|" + r.getTimestamp(1).toInstant(), r.getLong(2));
    }
    assertThat(alerts.values().stream().mapToLong(Long::longValue).sum()).as("the fixture raises alerts").isGreaterThan(20);
    for (Row g : fleet) {
      assertThat(g.<Long>getAs("alerts")).as(GoldAssertions.hourKey(g)).isEqualTo(alerts.getOrDefault(GoldAssertions.hourKey(g), 0L));
    }

    List<Row> asset = a.rows(a.paths().gold().assetHealth());
    assertThat(asset).hasSize(1);
    assertThat(asset.get(0).<Integer>getAs("cycle")).isEqualTo(72);
    assertThat(asset.get(0)).isEqualTo(spark.read().format("delta").load(a.paths().gold().turbofanHealth())
        .where(col("cycle").equalTo(72)).first());
    assertThat(a.rows(a.paths().gold().lateEvents())).isEmpty();
    // each gold commit says which batch wrote it
    assertThat(DeltaTable.forPath(spark, a.paths().gold().rolling()).history(1).first().<String>getAs("userMetadata"))
        .isEqualTo("{\"batch\":2,\"silver_version\":3,\"rows\":120,\"late\":0}");
  }

  @Test
  @Order(2)
  void aRestartWithoutNewSilverRowsWritesNothing() throws Exception {
    Map<String, Long> before = a.versions();
    a.runAvailableNow();
    assertThat(a.versions()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void aStoppedQueryAndABatchReplayedAfterACrashBetweenItsMergesEndIdenticalToTheUninterruptedRun() throws Exception {
    // a running query, stopped once it caught up with the first commit
    StreamingQuery q = GoldJob.start(spark, b.config(), Trigger.ProcessingTime(200));
    try {
      b.appendSilver(commits.get(0));
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    assertThat(q.exception().isEmpty()).isTrue();
    b.appendSilver(commits.get(1));
    b.runAvailableNow();

    // the process died after batch 1's late_events append and two of its MERGEs, before the checkpoint commit:
    // roll two gold tables back to before batch 1 and drop the commit file, so batch 1 runs again
    for (String t : List.of(b.gold("sensor_rolling_5m"), b.gold("fleet_kpis_hourly"))) {
      spark.sql("RESTORE TABLE delta.`" + t + "` TO VERSION AS OF " + b.versionOfBatch(t, 0));
    }
    Path commit = Path.of(b.paths().checkpoint(), "commits", "1");
    Files.delete(commit);
    Files.deleteIfExists(Path.of(b.paths().checkpoint(), "commits", ".1.crc"));
    long lateVersion = b.version(b.paths().gold().lateEvents());
    // silver moves on before the replay: the replayed batch must still see silver as it was at its end
    b.appendSilver(commits.get(2));

    b.runAvailableNow();

    assertThat(Files.exists(commit)).as("batch 1 ran again").isTrue();
    assertThat(b.progress()).extracting(r -> r.<Long>getAs("batch_id")).containsExactly(0L, 1L, 2L);
    assertThat(b.historyOfBatch(b.paths().gold().lateEvents(), 1)).as("late_events skipped the replayed append").hasSize(1);
    assertThat(b.version(b.paths().gold().lateEvents())).isEqualTo(lateVersion + 1); // batch 2 only
    // right after the replay (before batch 2), each table equals run (a)'s table right after its batch 1
    for (String table : GOLD) {
      assertThat(b.rows(b.gold(table), b.versionOfBatch(b.gold(table), 1))).as(table + " after batch 1")
          .containsExactlyInAnyOrderElementsOf(a.rows(a.gold(table), a.versionOfBatch(a.gold(table), 1)));
    }
    // and in the end every table equals run (a)'s
    for (String table : List.of("sensor_rolling_5m", "fleet_kpis_hourly", "turbofan_health", "asset_health", "late_events")) {
      assertThat(b.rows(b.gold(table))).as(table).containsExactlyInAnyOrderElementsOf(a.rows(a.gold(table)));
    }
    assertThat(b.progressFacts()).isEqualTo(a.progressFacts());
  }

  @Test
  @Order(4)
  void aChangedHealthWindowIsRefusedBecauseTheTableWasComputedWithAnother() {
    GoldLake changed = GoldLake.create(spark, work.resolve("a"), "streaming.gold.health-window=10");
    assertThatThrownBy(() -> GoldJob.start(spark, changed.config(), Trigger.AvailableNow()))
        .isInstanceOf(LakehouseException.class)
        .hasMessage("Gold table " + changed.paths().gold().turbofanHealth() + " was computed with "
            + "streaming.gold.health-window = 30 but the job is configured with 10: rows computed with two settings in "
            + "one table would not be comparable, and closed windows are never recomputed. How to fix: set "
            + "streaming.gold.health-window back to 30, or rebuild with the new value: stop the gold job, move the table "
            + "and the gold checkpoint away (gold is recomputed from silver), and start again");
  }
}
