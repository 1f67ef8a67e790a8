package io.iotlakehouse.streaming.transform.gold;

import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.env;
import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.frame;
import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.haversineKm;
import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.truck;
import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.turbofan;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.transform.alerts.AlertRules;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gold's pure transforms on static Datasets, each compared with a plain-Java computation over the same silver rows
 * ({@link GoldFixtures}).
 */
class GoldTransformsTest {
  static final long T0 = Instant.parse("2026-11-23T10:40:00Z").toEpochMilli();
  static final long MIN = 60_000L;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("gold-transforms-test", "local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Irregular events of every kind over 20 minutes; env-1 moves from site-a to site-b halfway. */
  static List<Row> mixedRows() {
    GoldFixtures.Numbers rnd = new GoldFixtures.Numbers(7);
    List<Row> rows = new ArrayList<>();
    long seq = 0;
    for (long t = T0; t < T0 + 20 * MIN; t += (long) rnd.next(5_000, 40_000)) {
      seq++;
      rows.add(env("env-1", seq, t, t < T0 + 10 * MIN ? "site-a" : "site-b", rnd.next(15, 30), rnd.next(30, 60)));
      rows.add(env("env-2", seq, t + 1234, null, rnd.next(15, 30), rnd.next(30, 60)));
      rows.add(truck("truck-1", seq, t + 77, "site-a", 52.5 + seq * 0.001, 13.4 + seq * 0.001, rnd.next(0, 90),
          rnd.next(800, 2500), rnd.next(80, 100), rnd.next(250, 400), rnd.next(20, 80), List.of()));
      rows.add(turbofan("turbofan-1", seq, t + 500, "hangar-1", 1, (int) seq, GoldFixtures.turbofanSensors(rnd, (int) seq)));
    }
    // two events of one device at the same instant: both count, the higher seq gives the window's site
    rows.add(env("env-2", 1000, T0 + 5 * MIN, "site-c", 22.0, 40.0));
    return rows;
  }

  @ParameterizedTest(name = "slide {0} ms")
  @ValueSource(longs = {60_000L, 30_000L, 300_000L})
  void rollingWindowsEqualAPlainJavaComputationForEveryWindowAndSensor(long slide) {
    List<Row> rows = mixedRows();
    GoldSettings s = new GoldSettings(slide, 10 * MIN, 30);
    Map<String, GoldFixtures.WindowStat> expected = GoldFixtures.rollingReference(rows, slide);

    List<Row> gold = RollingWindows.all(frame(spark, rows), s).collectAsList();

    assertThat(expected.size()).as("windows of every sensor").isGreaterThan(80);
    GoldAssertions.assertRolling(gold, expected);
    assertThat(gold.stream().map(g -> g.getString(3)).distinct().sorted().toList()).containsExactly(
        "engine_rpm", "engine_temp_c", "fuel_level_pct", "humidity_pct", "oil_pressure_kpa", "s11", "s12", "s13", "s14",
        "s15", "s17", "s2", "s20", "s21", "s3", "s4", "s7", "s8", "s9", "speed_kmh", "temperature_c");
  }

  @Test
  void aBatchTouchesOnlyTheOpenWindowsOfItsRowsThatAreNotLate() {
    GoldSettings s = new GoldSettings(MIN, 10 * MIN, 30);
    Timestamp wm = new Timestamp(T0 + 20 * MIN); // 11:00
    List<Row> rows = List.of(
        env("env-1", 1, T0 + 22 * MIN + 10_000, "a", 20, 40), // 11:02:10: every window open
        env("env-1", 2, T0 + 17 * MIN + 10_000, "a", 20, 40), // 10:57:10: windows ending 11:01, 11:02 open
        env("env-1", 3, T0 + 10 * MIN, "a", 20, 40)); // 10:50: every window and the hour (ends 11:00) closed
    Dataset<Row> classified = Lateness.classify(frame(spark, rows), wm, s);
    Map<Long, Row> bySeq = classified.collectAsList().stream().collect(Collectors.toMap(r -> r.<Long>getAs("seq"), r -> r));
    assertThat(bySeq.get(1L).<Boolean>getAs("late")).isFalse();
    assertThat(bySeq.get(1L).<Boolean>getAs("partial")).isFalse();
    assertThat(bySeq.get(2L).<Boolean>getAs("late")).isFalse();
    assertThat(bySeq.get(2L).<Boolean>getAs("partial")).isTrue();
    assertThat(bySeq.get(3L).<Boolean>getAs("late")).isTrue();

    List<String> windows = RollingWindows.affectedWindows(classified, wm, s).collectAsList().stream()
        .map(r -> r.getTimestamp(1).toInstant().toString()).sorted().toList();
    assertThat(windows).containsExactly("2026-11-23T10:56:00Z", "2026-11-23T10:57:00Z", "2026-11-23T10:58:00Z",
        "2026-11-23T10:59:00Z", "2026-11-23T11:00:00Z", "2026-11-23T11:01:00Z", "2026-11-23T11:02:00Z");
    // hour 10 is closed at 11:00; env rows do not reach into the next hour
    assertThat(FleetKpis.affectedHours(classified, wm).collectAsList()).extracting(r -> r.getTimestamp(0).toInstant().toString())
        .containsExactly("2026-11-23T11:00:00Z");

    List<Row> late = Lateness.lateEvents(classified, 7, wm, new Timestamp(T0 + 30 * MIN), 10 * MIN, "gen-1").collectAsList();
    assertThat(late).hasSize(1);
    assertThat(late.get(0).<Long>getAs("seq")).isEqualTo(3L);
    assertThat(late.get(0).<String>getAs("reason")).isEqualTo("every 5-minute window of the event (the last ends "
        + "2026-11-23T10:55:00.000Z) and its hour (ends 2026-11-23T11:00:00.000Z) had closed: gold's watermark for batch 7 "
        + "is 2026-11-23T11:00:00Z (newest event_time of earlier batches 2026-11-23T11:10:00Z minus "
        + "streaming.gold.allowed-lateness 10m, never moving back). Kept here, counted in gold/_progress, not in any gold table");
  }

  @Test
  void theWatermarkIsTheNewestEventTimeMinusTheLatenessAndNeverMovesBack() {
    Timestamp t = new Timestamp(T0);
    assertThat(Lateness.next(null, null, 10 * MIN)).isNull();
    assertThat(Lateness.next(null, t, 10 * MIN)).isEqualTo(new Timestamp(T0 - 10 * MIN));
    assertThat(Lateness.next(new Timestamp(T0 - 5 * MIN), t, 10 * MIN)).as("lateness raised: no step back")
        .isEqualTo(new Timestamp(T0 - 5 * MIN));
    assertThat(Lateness.next(new Timestamp(T0 - 5 * MIN), null, 10 * MIN)).isEqualTo(new Timestamp(T0 - 5 * MIN));
    assertThat(Lateness.next(null, t, 0)).isEqualTo(t);
  }

  @Test
  void fleetKpisCountDistanceAcrossTheHourBoundaryAndAlertsByTheAlertRules() {
    long h10 = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
    long h11 = h10 + 60 * MIN;
    List<Row> rows = new ArrayList<>(List.of(
        truck("truck-1", 1, h10 + 50 * MIN, "site-a", 52.50, 13.40, 60, 1500, 90, 300, 50, List.of()),
        truck("truck-1", 2, h10 + 59 * MIN + 30_000, "site-a", 52.51, 13.41, 70, 1600, 92, 300, 49, List.of()),
        // first fix of hour 11: its segment starts at the 10:59:30 fix
        truck("truck-1", 3, h11 + 30_000, "site-a", 52.52, 13.42, 80, 1700, 111, 300, 9.5, List.of("P0217")),
        truck("truck-1", 4, h11 + 20 * MIN, "site-a", 52.60, 13.50, 50, 1400, 95, 300, 9, List.of()),
        // 70 minutes after the previous fix: no distance (route unknown)
        truck("truck-1", 5, h11 + 90 * MIN, "site-a", 53.00, 14.00, 40, 1300, 90, 300, 8, List.of()),
        truck("truck-1", 6, h11 + 91 * MIN, "site-a", 53.01, 14.01, 40, 1300, 90, 300, 8, List.of()),
        truck("truck-2", 1, h11 + 5 * MIN, null, 48.10, 11.50, 30, 1000, 85, 280, 60, List.of()),
        env("env-1", 1, h11 + 10 * MIN, "site-a", 50, 95), // overheat + humidity: two alerts
        env("env-1", 2, h11 + 11 * MIN, "site-a", 20, 50),
        turbofan("turbofan-1", 1, h11 + 12 * MIN, "site-a", 1, 1, sensorsWithS4(1431))));
    Dataset<Row> silver = frame(spark, rows);

    Map<String, Row> gold = byKey(FleetKpis.all(silver).collectAsList());
    Row a11 = gold.get("site-a|2026-11-23T11:00:00Z");
    double expectedKm = haversineKm(52.51, 13.41, 52.52, 13.42) + haversineKm(52.52, 13.42, 52.60, 13.50);
    assertThat(a11.<Double>getAs("distance_km")).isCloseTo(expectedKm, within(1e-9));
    assertThat(a11.<Long>getAs("active_devices")).isEqualTo(3L);
    assertThat(a11.<Long>getAs("events")).isEqualTo(5L);
    // truck-1 seq 3: engine 111 > 110, fuel 9.5 < 10, one fault code; seq 4: fuel 9; env-1 seq 1: two; turbofan: s4
    assertThat(a11.<Long>getAs("alerts")).isEqualTo(7L)
        .isEqualTo(AlertRules.evaluate(silver.where(col("site").equalTo("site-a")
            .and(col("event_time").geq(new Timestamp(h11))).and(col("event_time").lt(new Timestamp(h11 + 60 * MIN))))).count());
    assertThat(a11.<Double>getAs("avg_temperature_c")).isCloseTo(35.0, within(1e-12));
    assertThat(a11.<Double>getAs("max_engine_temp_c")).isEqualTo(111.0);
    assertThat(a11.<Double>getAs("min_fuel_level_pct")).isEqualTo(9.0);
    assertThat(gold.get("unassigned|2026-11-23T11:00:00Z").<Double>getAs("distance_km")).isZero();
    assertThat(gold.get("site-a|2026-11-23T12:00:00Z").<Double>getAs("distance_km"))
        .isCloseTo(haversineKm(53.00, 14.00, 53.01, 14.01), within(1e-9));
    assertThat(gold.get("site-a|2026-11-23T12:00:00Z").<Double>getAs("avg_temperature_c")).isNull();

    // every column of every (site, hour) equals the plain-Java reference
    Map<String, GoldFixtures.HourStat> expected = GoldFixtures.fleetReference(rows, rows);
    assertThat(gold.keySet()).isEqualTo(expected.keySet());
    expected.forEach((k, e) -> GoldAssertions.assertHour(gold.get(k), e));

    // recomputing only hour 11 reads [10:00, 12:00) and gives the same row as the full computation
    Dataset<Row> hour11 = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(new Timestamp(h11))),
        new org.apache.spark.sql.types.StructType().add("hour", "timestamp"));
    Dataset<Row> slice = silver.where(col("event_time").geq(new Timestamp(h10)).and(col("event_time").lt(new Timestamp(h11 + 60 * MIN))));
    Map<String, Row> recomputed = byKey(FleetKpis.compute(slice, hour11).collectAsList());
    assertThat(recomputed.keySet()).containsExactlyInAnyOrder("site-a|2026-11-23T11:00:00Z", "unassigned|2026-11-23T11:00:00Z");
    assertThat(recomputed.get("site-a|2026-11-23T11:00:00Z")).isEqualTo(a11);
  }

  static double[] sensorsWithS4(double s4) {
    double[] s = GoldFixtures.turbofanSensors(new GoldFixtures.Numbers(1), 1);
    s[3] = s4;
    return s;
  }

  static Map<String, Row> byKey(List<Row> kpis) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : kpis) out.put(r.getString(0) + "|" + r.getTimestamp(1).toInstant(), r);
    return out;
  }

  /** Two turbofans; one misses cycle 17 and re-reports cycle 25 later with other values. */
  static List<Row> turbofanRows() {
    GoldFixtures.Numbers rnd = new GoldFixtures.Numbers(42);
    List<Row> rows = new ArrayList<>();
    long seq = 0;
    for (int c = 1; c <= 40; c++) {
      if (c != 17) rows.add(turbofan("tf-a", ++seq, T0 + c * 1000L, "hangar", 3, c, GoldFixtures.turbofanSensors(rnd, c)));
      rows.add(turbofan("tf-b", c, T0 + c * 1000L + 300, null, 7, c, GoldFixtures.turbofanSensors(rnd, c)));
    }
    rows.add(turbofan("tf-a", ++seq, T0 + 60_000L, "hangar", 3, 25, GoldFixtures.turbofanSensors(rnd, 99)));
    return rows;
  }

  @Test
  void healthFeaturesEqualAPlainJavaComputationOverTheLastKReportedCycles() {
    int k = 5;
    List<Row> rows = turbofanRows();
    List<Row> gold = TurbofanHealth.all(frame(spark, rows), k).collectAsList();
    Map<String, GoldFixtures.CycleStat> expected = GoldFixtures.healthReference(rows, k);

    assertThat(gold).hasSize(79);
    GoldAssertions.assertHealth(gold, expected);
    Row a18 = gold.stream().filter(r -> r.getString(0).equals("tf-a") && r.<Integer>getAs("cycle") == 18).findFirst().orElseThrow();
    assertThat(a18.<Long>getAs("cycles_so_far")).as("cycle 17 never came").isEqualTo(17L);
    Row a25 = gold.stream().filter(r -> r.getString(0).equals("tf-a") && r.<Integer>getAs("cycle") == 25).findFirst().orElseThrow();
    assertThat(a25.<Long>getAs("seq")).as("the newest report of a cycle wins").isEqualTo(40L);
    assertThat(a25.getAs("site").toString()).isEqualTo("hangar");

    Row latestA = TurbofanHealth.latest(TurbofanHealth.all(frame(spark, rows), k)).where(col("device_id").equalTo("tf-a"))
        .first();
    assertThat(latestA.<Integer>getAs("cycle")).isEqualTo(40);
  }

  @Test
  void recomputingFromTheLowestNewCycleGivesTheSameRowsAsAFullComputation() {
    int k = 5;
    List<Row> rows = turbofanRows();
    // earlier batches brought cycles 1..30 except 22; this batch brings 31..40 and, out of order, 22
    List<Row> earlier = new ArrayList<>();
    List<Row> batch = new ArrayList<>();
    for (Row r : rows) {
      int c = r.getAs("cycle");
      boolean inBatch = c > 30 || c == 22;
      (inBatch ? batch : earlier).add(r);
    }
    Dataset<Row> goldBefore = TurbofanHealth.all(frame(spark, earlier), k);
    Dataset<Row> classified = Lateness.classify(frame(spark, batch), null, new GoldSettings(MIN, 10 * MIN, k));
    Dataset<Row> ranges = TurbofanHealth.ranges(TurbofanHealth.affectedDevices(classified), goldBefore, k);
    Map<String, Row> r = new HashMap<>();
    for (Row x : ranges.collectAsList()) r.put(x.getString(0), x);
    assertThat(r.get("tf-a").<Integer>getAs("input_from")).as("the 4 reported cycles before 22").isEqualTo(18);
    assertThat(r.get("tf-a").<Integer>getAs("output_from")).isEqualTo(22);
    assertThat(r.get("tf-a").<Long>getAs("base")).as("cycles 1..16 reported before 18").isEqualTo(16L);
    assertThat(r.get("tf-b").<Integer>getAs("input_from")).isEqualTo(18);
    assertThat(r.get("tf-b").<Long>getAs("base")).isEqualTo(17L);

    List<Row> recomputed = TurbofanHealth.compute(frame(spark, rows), ranges, k).collectAsList();
    assertThat(recomputed).extracting(x -> x.getString(0) + "|" + x.getAs("cycle")).hasSize(19 + 19);
    // merged over the earlier rows (replace by key), the table equals the full computation
    Map<String, Row> merged = new TreeMap<>();
    for (Row x : goldBefore.collectAsList()) merged.put(x.getString(0) + "|" + x.getAs("cycle"), x);
    for (Row x : recomputed) merged.put(x.getString(0) + "|" + x.getAs("cycle"), x);
    Map<String, Row> full = new TreeMap<>();
    for (Row x : TurbofanHealth.all(frame(spark, rows), k).collectAsList()) full.put(x.getString(0) + "|" + x.getAs("cycle"), x);
    assertThat(merged).isEqualTo(full);
  }

}
