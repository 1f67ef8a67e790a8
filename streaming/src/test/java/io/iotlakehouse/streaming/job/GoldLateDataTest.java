package io.iotlakehouse.streaming.job;

import static io.iotlakehouse.streaming.job.GoldLake.at;
import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.env;
import static io.iotlakehouse.streaming.transform.gold.GoldFixtures.truck;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.streaming.transform.gold.GoldAssertions;
import io.iotlakehouse.streaming.transform.gold.GoldFixtures;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late data through GoldJob (default lateness 10m, slide 1m): rows within the bound update gold, rows whose windows and
 * hour have all closed go to late_events and change nothing, rows in between update only their open windows and hour.
 */
class GoldLateDataTest {
  static final long MIN = 60_000L;
  @TempDir static Path work;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = GoldLake.session("gold-late-data-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void lateDataWithinTheBoundUpdatesGoldAndBeyondItGoesToLateEventsOnly() throws Exception {
    GoldLake c = GoldLake.create(spark, work.resolve("c"));
    long t1140 = at("11:40:00");
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
    c.appendSilver(first);
    c.runAvailableNow(); // batch 0: 11:40..12:20
    c.appendSilver(second);
    c.runAvailableNow(); // batch 1: ..12:30; the watermark for batch 2 is 12:30 - 10m = 12:20
    String rolling = c.paths().gold().rolling();
    List<Row> rollingBefore = c.rows(rolling);

    Row l1 = env("env-1", 1001, at("11:55:00"), "site-a", 99, 50); // windows and hour 11 closed: late
    Row tl = truck("truck-1", 1001, at("11:59:45"), "site-a", 52.0, 13.0, 60, 1500, 90, 300, 50, List.of()); // late
    Row p1 = env("env-1", 1002, at("12:05:00"), "site-a", 33, 50); // windows closed, hour 12 open
    Row p2 = env("env-1", 1003, at("12:17:10"), "site-a", 34, 50); // windows from 12:16 open
    Row w = env("env-1", 1004, at("12:22:15"), "site-a", 35, 50); // 8 minutes behind the newest event: all open
    c.appendSilver(List.of(l1, tl, p1, p2, w));
    c.runAvailableNow();

    Timestamp wm = new Timestamp(at("12:20:00"));
    Row p = c.progress().get(2);
    assertThat(List.of(p.getAs("rows"), p.getAs("late_rows"), p.getAs("late_rows_total"), p.getAs("partial_rows"),
        p.getAs("watermark"), p.getAs("max_event_time"))).containsExactly(5L, 2L, 2L, 2L, wm, new Timestamp(at("12:30:00")));
    List<Row> late = c.rows(c.paths().gold().lateEvents());
    assertThat(late).extracting(r -> r.getAs("device_id") + "#" + r.getAs("seq"))
        .containsExactlyInAnyOrder("env-1#1001", "truck-1#1001");
    assertThat(late).allSatisfy(r -> {
      assertThat(r.<Long>getAs("batch_id")).isEqualTo(2L);
      assertThat(r.<Timestamp>getAs("watermark")).isEqualTo(wm);
      assertThat(r.<String>getAs("reason")).contains("had closed: gold's watermark for batch 2 is 2026-11-23T12:20:00Z");
    });
    assertThat((long) late.size()).as("every late row is counted").isEqualTo(c.progress().stream()
        .mapToLong(r -> r.<Long>getAs("late_rows")).sum());

    // windows closed at batch 2 are exactly as before it; open ones equal silver minus the late rows
    List<Row> beforeRows = new ArrayList<>(first);
    beforeRows.addAll(second);
    List<Row> notLate = new ArrayList<>(beforeRows);
    notLate.addAll(List.of(p1, p2, w));
    Map<String, GoldFixtures.WindowStat> expected = new HashMap<>();
    GoldFixtures.rollingReference(beforeRows, MIN).forEach((k, v) -> {
      if (v.start() + 5 * MIN <= wm.getTime()) expected.put(k, v);
    });
    GoldFixtures.rollingReference(notLate, MIN).forEach((k, v) -> {
      if (v.start() + 5 * MIN > wm.getTime()) expected.put(k, v);
    });
    List<Row> after = c.rows(rolling);
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
    Map<String, Row> fleet = c.rows(c.paths().gold().fleetKpis()).stream()
        .collect(Collectors.toMap(GoldAssertions::hourKey, r -> r));
    assertThat(fleet).containsOnlyKeys("site-a|2026-11-23T11:00:00Z", "site-a|2026-11-23T12:00:00Z");
    GoldAssertions.assertHour(fleet.get("site-a|2026-11-23T11:00:00Z"), h11.get("site-a|2026-11-23T11:00:00Z"));
    GoldAssertions.assertHour(fleet.get("site-a|2026-11-23T12:00:00Z"), h12.get("site-a|2026-11-23T12:00:00Z"));
    assertThat(fleet.get("site-a|2026-11-23T12:00:00Z").<Long>getAs("events"))
        .as("env every 30 s and truck every minute from 12:00 to 12:30, plus 3 partial or in-bound rows").isEqualTo(61 + 31 + 3);
  }
}
