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
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.io.DeltaTables;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.alerts.AlertRules;
import io.iotlakehouse.streaming.transform.gold.GoldAssertions;
import io.iotlakehouse.streaming.transform.gold.GoldFixtures;
import io.iotlakehouse.streaming.transform.silver.SilverSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
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
 * GoldJob end to end on silver tables written by the test, in three lakes: (a) an uninterrupted run over four silver
 * commits, compared with plain-Java references; (b) the same commits with a replayed batch, a crash between its MERGEs
 * and a stopped running query, compared with (a); (c) late data around the lateness bound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldJobTest {
  static final long MIN = 60_000L;
  static final long T0 = Instant.parse("2026-11-23T10:50:00Z").toEpochMilli();
  @TempDir static Path work;
  static SparkSession spark;
  static List<List<Row>> commits;
  static Lake a;
  static Lake b;

  record Lake(Config config, GoldJob.Paths paths) {}

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("gold-job-test", "local[2]");
    // the test's own table set-up and reads (the gold query sets this for its batches itself)
    spark.conf().set("spark.databricks.delta.snapshotPartitions", "2");
    commits = fleetCommits();
    a = lake("a");
    b = lake("b");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Four silver commits of 8 minutes each from 10:50 (so across 11:00), an event per device every 20 s. */
  static List<List<Row>> fleetCommits() {
    GoldFixtures.Numbers rnd = new GoldFixtures.Numbers(2026);
    List<List<Row>> out = new ArrayList<>();
    int tick = 0;
    for (int c = 0; c < 4; c++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 24; i++, tick++) {
        long t = T0 + tick * 20_000L;
        long seq = tick + 1;
        rows.add(env("env-1", seq, t, "site-a", tick % 10 == 0 ? 46.5 : rnd.next(18, 26), rnd.next(40, 60)));
        rows.add(env("env-2", seq, t + 3_000, null, rnd.next(18, 26), rnd.next(85, 95)));
        rows.add(truck("truck-1", seq, t + 5_000, "site-a", 52.50 + tick * 0.002, 13.40 + tick * 0.001, rnd.next(40, 90),
            rnd.next(1200, 2200), rnd.next(85, 112), rnd.next(280, 360), 60 - tick * 0.2, List.of()));
        rows.add(truck("truck-2", seq, t + 7_000, "site-b", 48.10 - tick * 0.001, 11.50 + tick * 0.002, rnd.next(40, 90),
            rnd.next(1200, 2200), rnd.next(85, 100), rnd.next(280, 360), 20 - tick * 0.15, tick % 7 == 0 ? List.of("P0301") : List.of()));
        rows.add(turbofan("turbofan-1", seq, t + 11_000, "hangar-1", 1, tick + 1, GoldFixtures.turbofanSensors(rnd, tick + 1)));
      }
      out.add(rows);
    }
    return out;
  }

  static Lake lake(String name, String... overrides) {
    List<String> o = new ArrayList<>(List.of("lake.root=" + work.resolve(name)));
    o.addAll(List.of(overrides));
    Config config = Config.load(GoldJob.keys(), null, o);
    GoldJob.Paths paths = GoldJob.Paths.from(config);
    DeltaTables.ensure(spark, paths.silver(), SilverSchemas.SILVER, new String[] {"event_date"}, SilverJob.SILVER_PROPERTIES);
    return new Lake(config, paths);
  }

  @Test
  @Order(1)
  void goldEqualsAPlainJavaComputationOverTheSameSilverRows() throws Exception {
    List<Row> all = new ArrayList<>();
    for (int c = 0; c < commits.size(); c++) {
      appendSilver(a, commits.get(c));
      all.addAll(commits.get(c));
      runAvailableNow(a);
      Row p = progress(a).get(c);
      assertThat(p.<Long>getAs("batch_id")).isEqualTo(c);
      assertThat(p.<Long>getAs("silver_version")).as("recomputed from the silver version the batch ends at")
          .isEqualTo(version(a.paths().silver()));
      assertThat(p.<Long>getAs("rows")).isEqualTo(commits.get(c).size());
      assertThat(p.<Long>getAs("late_rows")).isZero();
    }

    GoldAssertions.assertRolling(rows(a.paths().gold().rolling()), GoldFixtures.rollingReference(all, MIN));
    GoldAssertions.assertHealth(rows(a.paths().gold().turbofanHealth()), GoldFixtures.healthReference(all, 30));

    Map<String, GoldFixtures.HourStat> hours = GoldFixtures.fleetReference(all, all);
    List<Row> fleet = rows(a.paths().gold().fleetKpis());
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

    List<Row> asset = rows(a.paths().gold().assetHealth());
    assertThat(asset).hasSize(1);
    assertThat(asset.get(0).<Integer>getAs("cycle")).isEqualTo(96);
    assertThat(asset.get(0)).isEqualTo(spark.read().format("delta").load(a.paths().gold().turbofanHealth())
        .where(col("cycle").equalTo(96)).first());
    assertThat(rows(a.paths().gold().lateEvents())).isEmpty();
    // each gold commit says which batch wrote it
    assertThat(DeltaTable.forPath(spark, a.paths().gold().rolling()).history(1).first().<String>getAs("userMetadata"))
        .startsWith("{\"batch\":3,\"silver_version\":4,\"rows\":120,\"late\":0}");
  }

  @Test
  @Order(2)
  void aRestartWithoutNewSilverRowsWritesNothing() throws Exception {
    Map<String, Long> before = versions(a);
    runAvailableNow(a);
    assertThat(versions(a)).isEqualTo(before);
  }

  @Test
  @Order(3)
  void aReplayedBatchACrashBetweenMergesAndAStoppedQueryEndIdenticalToTheUninterruptedRun() throws Exception {
    GoldJob.Paths p = b.paths();
    appendSilver(b, commits.get(0));
    runAvailableNow(b);
    appendSilver(b, commits.get(1));
    runAvailableNow(b);

    // the process died after batch 1's late_events append and two of its MERGEs, before the checkpoint commit:
    // roll two gold tables back to before batch 1 and drop the commit file, so batch 1 runs again
    for (String t : List.of(p.gold().rolling(), p.gold().fleetKpis())) {
      spark.sql("RESTORE TABLE delta.`" + t + "` TO VERSION AS OF " + versionOfBatch(t, 0));
    }
    Path commit = Path.of(p.checkpoint(), "commits", "1");
    Files.delete(commit);
    Files.deleteIfExists(Path.of(p.checkpoint(), "commits", ".1.crc"));
    long lateVersion = version(p.gold().lateEvents());
    // silver moves on before the replay: the replayed batch must still see silver as it was at its end
    appendSilver(b, commits.get(2));

    runAvailableNow(b);

    assertThat(Files.exists(commit)).as("batch 1 ran again").isTrue();
    assertThat(progress(b)).extracting(r -> r.<Long>getAs("batch_id")).containsExactly(0L, 1L, 2L);
    assertThat(historyOfBatch(p.gold().lateEvents(), 1)).as("late_events skipped the replayed append").hasSize(1);
    assertThat(version(p.gold().lateEvents())).isEqualTo(lateVersion + 1); // batch 2 only
    // right after the replay (before batch 2), each table equals run (a)'s table right after its batch 1
    for (String table : List.of("sensor_rolling_5m", "fleet_kpis_hourly", "turbofan_health", "asset_health")) {
      String ta = a.paths().silver().replace("silver/telemetry", "gold/" + table);
      String tb = p.silver().replace("silver/telemetry", "gold/" + table);
      assertThat(rows(tb, versionOfBatch(tb, 1))).as(table + " after batch 1")
          .containsExactlyInAnyOrderElementsOf(rows(ta, versionOfBatch(ta, 1)));
    }

    // a running query, stopped after it caught up with a new commit
    StreamingQuery q = GoldJob.start(spark, b.config(), Trigger.ProcessingTime(200));
    try {
      appendSilver(b, commits.get(3));
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    assertThat(q.exception().isEmpty()).isTrue();

    for (String table : List.of("sensor_rolling_5m", "fleet_kpis_hourly", "turbofan_health", "asset_health", "late_events")) {
      assertThat(rows(p.silver().replace("silver/telemetry", "gold/" + table))).as(table)
          .containsExactlyInAnyOrderElementsOf(rows(a.paths().silver().replace("silver/telemetry", "gold/" + table)));
    }
    assertThat(progressFacts(b)).isEqualTo(progressFacts(a));
  }

  @Test
  @Order(4)
  void lateDataWithinTheBoundUpdatesGoldAndBeyondItGoesToLateEventsOnly() throws Exception {
    Lake c = lake("c");
    long t1140 = Instant.parse("2026-11-23T11:40:00Z").toEpochMilli();
    List<Row> first = new ArrayList<>();
    List<Row> second = new ArrayList<>();
    long seq = 0;
    for (long t = t1140; t <= t1140 + 50 * MIN; t += 30_000L) {
      seq++;
      (t <= t1140 + 40 * MIN ? first : second).add(env("env-1", seq, t, "site-a", 20 + (seq % 7), 50));
    }
    long tseq = 0;
    for (long t = t1140; t <= t1140 + 50 * MIN; t += MIN) {
      tseq++;
      (t <= t1140 + 40 * MIN ? first : second).add(truck("truck-1", tseq, t, "site-a", 52.5 + tseq * 0.01, 13.4, 60, 1500,
          90, 300, 50, List.of()));
    }
    appendSilver(c, first);
    runAvailableNow(c); // batch 0: 11:40..12:20
    appendSilver(c, second);
    runAvailableNow(c); // batch 1: ..12:30; the watermark for batch 2 is 12:30 - 10m = 12:20
    String rolling = c.paths().gold().rolling();
    List<Row> rollingBefore = rows(rolling);

    Row l1 = env("env-1", 1001, at("11:55:00"), "site-a", 99, 50); // windows and hour 11 closed: late
    Row tl = truck("truck-1", 1001, at("11:59:45"), "site-a", 52.0, 13.0, 60, 1500, 90, 300, 50, List.of()); // late
    Row p1 = env("env-1", 1002, at("12:05:00"), "site-a", 33, 50); // windows closed, hour 12 open
    Row p2 = env("env-1", 1003, at("12:17:10"), "site-a", 34, 50); // windows from 12:16 open
    Row w = env("env-1", 1004, at("12:22:15"), "site-a", 35, 50); // 8 minutes behind the newest event: all open
    appendSilver(c, List.of(l1, tl, p1, p2, w));
    runAvailableNow(c);

    Timestamp wm = new Timestamp(at("12:20:00"));
    Row p = progress(c).get(2);
    assertThat(List.of(p.getAs("rows"), p.getAs("late_rows"), p.getAs("partial_rows"), p.getAs("watermark"),
        p.getAs("max_event_time"))).containsExactly(5L, 2L, 2L, wm, new Timestamp(at("12:30:00")));
    List<Row> late = rows(c.paths().gold().lateEvents());
    assertThat(late).extracting(r -> r.getAs("device_id") + "#" + r.getAs("seq"))
        .containsExactlyInAnyOrder("env-1#1001", "truck-1#1001");
    assertThat(late).allSatisfy(r -> {
      assertThat(r.<Long>getAs("batch_id")).isEqualTo(2L);
      assertThat(r.<Timestamp>getAs("watermark")).isEqualTo(wm);
      assertThat(r.<String>getAs("reason")).contains("had closed: gold's watermark for batch 2 is 2026-11-23T12:20:00Z");
    });
    assertThat((long) late.size()).as("every late row is counted").isEqualTo(progress(c).stream()
        .mapToLong(r -> r.<Long>getAs("late_rows")).sum());

    // windows closed at batch 2 are exactly as before it; open ones equal silver minus the late rows
    List<Row> beforeRows = new ArrayList<>(first);
    beforeRows.addAll(second);
    List<Row> notLate = new ArrayList<>(beforeRows);
    notLate.addAll(List.of(p1, p2, w));
    Map<String, GoldFixtures.WindowStat> closedRef = GoldFixtures.rollingReference(beforeRows, MIN);
    Map<String, GoldFixtures.WindowStat> openRef = GoldFixtures.rollingReference(notLate, MIN);
    Map<String, GoldFixtures.WindowStat> expected = new HashMap<>();
    closedRef.forEach((k, v) -> { if (v.start() + 5 * MIN <= wm.getTime()) expected.put(k, v); });
    openRef.forEach((k, v) -> { if (v.start() + 5 * MIN > wm.getTime()) expected.put(k, v); });
    List<Row> after = rows(rolling);
    GoldAssertions.assertRolling(after, expected);
    Set<Row> closedBefore = rollingBefore.stream().filter(r -> r.<Timestamp>getAs("window_end").getTime() <= wm.getTime())
        .collect(Collectors.toSet());
    assertThat(after).as("closed windows untouched").containsAll(closedBefore);
    Map<String, Row> byKey = after.stream().collect(Collectors.toMap(GoldAssertions::rollingKey, r -> r));
    assertThat(byKey.get("env-1|temperature_c|2026-11-23T12:22:00Z").<Long>getAs("count"))
        .as("12:22:00..12:26:30 every 30 s, plus the late 12:22:15").isEqualTo(11L);
    assertThat(byKey.get("env-1|temperature_c|2026-11-23T12:17:00Z").<Long>getAs("count")).as("with 12:17:10").isEqualTo(11L);
    assertThat(byKey.get("env-1|temperature_c|2026-11-23T12:15:00Z").<Long>getAs("count")).as("closed: without it").isEqualTo(10L);
    assertThat(byKey.get("env-1|temperature_c|2026-11-23T11:55:00Z").<Double>getAs("max")).as("the late 99 °C is not in gold")
        .isLessThan(99);

    // hour 11 closed before batch 2: as before; hour 12 counts the partial rows but not the late truck fix before it
    Map<String, GoldFixtures.HourStat> h11 = GoldFixtures.fleetReference(beforeRows, beforeRows);
    Map<String, GoldFixtures.HourStat> h12 = GoldFixtures.fleetReference(notLate, notLate);
    Map<String, Row> fleet = rows(c.paths().gold().fleetKpis()).stream()
        .collect(Collectors.toMap(GoldAssertions::hourKey, r -> r));
    assertThat(fleet).containsOnlyKeys("site-a|2026-11-23T11:00:00Z", "site-a|2026-11-23T12:00:00Z");
    GoldAssertions.assertHour(fleet.get("site-a|2026-11-23T11:00:00Z"), h11.get("site-a|2026-11-23T11:00:00Z"));
    GoldAssertions.assertHour(fleet.get("site-a|2026-11-23T12:00:00Z"), h12.get("site-a|2026-11-23T12:00:00Z"));
    assertThat(fleet.get("site-a|2026-11-23T12:00:00Z").<Long>getAs("events")).as("env every 30 s and truck every minute from 12:00 to 12:30, plus 3 partial or in-bound rows").isEqualTo(61 + 31 + 3);
  }

  @Test
  @Order(5)
  void aChangedHealthWindowIsRefusedBecauseTheTableWasComputedWithAnother() {
    Lake changed = lake("a", "streaming.gold.health-window=10");
    assertThatThrownBy(() -> GoldJob.start(spark, changed.config(), Trigger.AvailableNow()))
        .isInstanceOf(LakehouseException.class)
        .hasMessage("Gold table " + changed.paths().gold().turbofanHealth() + " was computed with "
            + "streaming.gold.health-window = 30 but the job is configured with 10: rows computed with two settings in "
            + "one table would not be comparable, and closed windows are never recomputed. How to fix: set "
            + "streaming.gold.health-window back to 30, or rebuild with the new value: stop the gold job, move the table "
            + "and the gold checkpoint away (gold is recomputed from silver), and start again");
  }

  // ---------------------------------------------------------------------------------------------------------------

  static long at(String hhmmss) {
    return Instant.parse("2026-11-23T" + hhmmss + "Z").toEpochMilli();
  }

  static void appendSilver(Lake lake, List<Row> rows) {
    GoldFixtures.frame(spark, rows).write().format("delta").mode("append").save(lake.paths().silver());
  }

  static void runAvailableNow(Lake lake) throws Exception {
    StreamingQuery q = GoldJob.start(spark, lake.config(), Trigger.AvailableNow());
    q.awaitTermination();
    assertThat(q.exception().isEmpty()).as("query failed: %s", q.exception()).isTrue();
  }

  static List<Row> rows(String path) {
    return spark.read().format("delta").load(path).collectAsList();
  }

  static List<Row> rows(String path, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path).collectAsList();
  }

  static List<Row> progress(Lake lake) {
    return spark.read().format("delta").load(lake.paths().gold().progress()).orderBy("batch_id").collectAsList();
  }

  /** The _progress columns that must not depend on interruptions (not the generation or the wall clock). */
  static List<List<Object>> progressFacts(Lake lake) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : progress(lake)) {
      List<Object> f = new ArrayList<>();
      for (String c : List.of("batch_id", "silver_version", "rows", "late_rows", "partial_rows", "batch_max_event_time",
          "max_event_time", "watermark", "allowed_lateness_ms")) {
        f.add(r.getAs(c));
      }
      out.add(f);
    }
    return out;
  }

  static long version(String table) {
    return DeltaTable.forPath(spark, table).history(1).first().<Long>getAs("version");
  }

  /** Commits of {@code table} made by gold batch {@code batch} (their userMetadata). */
  static List<Row> historyOfBatch(String table, long batch) {
    Dataset<Row> h = DeltaTable.forPath(spark, table).history();
    return h.where(col("userMetadata").startsWith("{\"batch\":" + batch + ",")).collectAsList();
  }

  /** The table's version right after gold batch {@code batch} last wrote it. */
  static long versionOfBatch(String table, long batch) {
    return historyOfBatch(table, batch).stream().mapToLong(r -> r.<Long>getAs("version")).max().orElseThrow();
  }

  static Map<String, Long> versions(Lake lake) {
    Map<String, Long> out = new HashMap<>();
    for (String t : lake.paths().gold().all()) out.put(t, version(t));
    return out;
  }
}
