package io.iotlakehouse.streaming.transform.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Collection;
import java.util.Map;
import org.apache.spark.sql.Row;

/** Compares gold rows with the plain-Java references of {@link GoldFixtures}, every column. */
public final class GoldAssertions {
  private GoldAssertions() {}

  /** sensor_rolling_5m rows == reference windows (same set of keys, same values). */
  public static void assertRolling(Collection<Row> gold, Map<String, GoldFixtures.WindowStat> expected) {
    assertThat(gold).hasSize(expected.size());
    for (Row g : gold) assertWindow(g, expected.get(rollingKey(g)));
  }

  public static String rollingKey(Row g) {
    return g.<String>getAs("device_id") + "|" + g.<String>getAs("sensor") + "|"
        + g.<java.sql.Timestamp>getAs("window_start").toInstant();
  }

  public static void assertWindow(Row g, GoldFixtures.WindowStat e) {
    String key = rollingKey(g);
    assertThat(e).as(key).isNotNull();
    assertThat(g.<String>getAs("kind")).as(key).isEqualTo(e.kind());
    assertThat(g.<String>getAs("site")).as(key + " site").isEqualTo(e.site());
    assertThat(g.<java.sql.Timestamp>getAs("window_end").getTime()).as(key).isEqualTo(e.start() + 5 * 60_000L);
    assertThat(g.<Double>getAs("avg")).as(key + " avg").isCloseTo(e.avg(), within(1e-9));
    assertThat(g.<Double>getAs("min")).as(key + " min").isEqualTo(e.min());
    assertThat(g.<Double>getAs("max")).as(key + " max").isEqualTo(e.max());
    assertThat(g.<Long>getAs("count")).as(key + " count").isEqualTo(e.count());
    assertThat(g.<java.sql.Date>getAs("window_date").toLocalDate()).as(key)
        .isEqualTo(java.time.Instant.ofEpochMilli(e.start()).atZone(java.time.ZoneOffset.UTC).toLocalDate());
  }

  public static String hourKey(Row g) {
    return g.<String>getAs("site") + "|" + g.<java.sql.Timestamp>getAs("hour").toInstant();
  }

  public static void assertHour(Row g, GoldFixtures.HourStat e) {
    assertThat(e).as(hourKey(g)).isNotNull();
    assertThat(g.<Long>getAs("active_devices")).as(e.key()).isEqualTo(e.activeDevices());
    assertThat(g.<Long>getAs("events")).as(e.key()).isEqualTo(e.events());
    assertThat(g.<Double>getAs("distance_km")).as(e.key()).isCloseTo(e.distanceKm(), within(1e-9));
    assertClose(g.getAs("avg_speed_kmh"), e.avgSpeed(), e.key());
    assertClose(g.getAs("avg_fuel_level_pct"), e.avgFuel(), e.key());
    assertClose(g.getAs("min_fuel_level_pct"), e.minFuel(), e.key());
    assertClose(g.getAs("avg_engine_temp_c"), e.avgEngineTemp(), e.key());
    assertClose(g.getAs("max_engine_temp_c"), e.maxEngineTemp(), e.key());
    assertClose(g.getAs("avg_temperature_c"), e.avgTemperature(), e.key());
  }

  static void assertClose(Double actual, Double expected, String what) {
    if (expected == null) assertThat(actual).as(what).isNull();
    else assertThat(actual).as(what).isCloseTo(expected, within(1e-9));
  }

  public static void assertHealth(Collection<Row> gold, Map<String, GoldFixtures.CycleStat> expected) {
    assertThat(gold).hasSize(expected.size());
    for (Row g : gold) {
      String key = g.<String>getAs("device_id") + "|" + g.getAs("cycle");
      GoldFixtures.CycleStat e = expected.get(key);
      assertThat(e).as(key).isNotNull();
      assertThat(g.<Long>getAs("seq")).as(key).isEqualTo(e.seq());
      assertThat(g.<Long>getAs("cycles_so_far")).as(key).isEqualTo(e.cyclesSoFar());
      assertThat(g.<Integer>getAs("window_cycles")).as(key).isEqualTo(e.windowCycles());
      e.stats().forEach((sensor, v) -> {
        assertThat(g.<Double>getAs(sensor + "_mean")).as(key + " " + sensor + " mean").isCloseTo(v[0], within(1e-9));
        assertThat(g.<Double>getAs(sensor + "_std")).as(key + " " + sensor + " std").isCloseTo(v[1], within(1e-9));
        assertThat(g.<Double>getAs(sensor + "_slope")).as(key + " " + sensor + " slope").isCloseTo(v[2], within(1e-9));
      });
    }
  }
}
