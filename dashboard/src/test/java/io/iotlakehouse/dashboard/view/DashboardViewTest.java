package io.iotlakehouse.dashboard.view;

import static io.iotlakehouse.dashboard.Fakes.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.dashboard.DashboardSettings;
import io.iotlakehouse.dashboard.Fakes;
import io.iotlakehouse.dashboard.GoldHistory;
import io.iotlakehouse.dashboard.HotData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardViewTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final long NOW_MS = NOW.toEpochMilli();
  static final String HOSTILE = "<img src=x onerror=alert(1)>'\"&</script>\u2028";

  static String text(ObjectNode n) {
    return Json.write(n);
  }

  // ---- fleet ------------------------------------------------------------------------------------------------
  @Test
  void fleetListsDevicesWithKindSiteAgeAndKeyValuesFirst() {
    HotData.Page page = new HotData.Page(3, List.of(
        entry("truck-7", NOW_MS - 2000, Map.of("kind", "truck", "site", "depot-a", "seq", "42",
            "event_time", String.valueOf(NOW_MS - 3000), "speed_kmh", "71.25", "lat", "48.1", "lon", "11.5",
            "engine_temp_c", "90", "fuel_level_pct", "55.5", "updated_at", "1")),
        entry("env-1", NOW_MS - 60_000, Map.of("kind", "env", "event_time", String.valueOf(NOW_MS - 60_000),
            "humidity_pct", "40", "temperature_c", "21.5")),
        entry("turbofan-3", NOW_MS - 10_000, Map.of("kind", "turbofan", "s10", "1.3", "s2", "642.5", "cycle", "12",
            "unit", "3"))));
    JsonNode out = Json.read(text(FleetView.render("fake Redis", page, NOW)));

    assertThat(out.get("status").asText()).isEqualTo("ok");
    assertThat(out.get("total").asLong()).isEqualTo(3);
    assertThat(out.get("kinds").toString()).isEqualTo("{\"env\":1,\"truck\":1,\"turbofan\":1}");
    JsonNode truck = out.get("devices").get(0);
    assertThat(truck.get("device_id").asText()).isEqualTo("truck-7");
    assertThat(truck.get("site").asText()).isEqualTo("depot-a");
    assertThat(truck.get("seq").asLong()).isEqualTo(42);
    assertThat(truck.get("age_s").asLong()).isEqualTo(3);
    assertThat(names(truck)).containsExactly("speed_kmh", "engine_temp_c", "fuel_level_pct", "lat", "lon");
    assertThat(truck.get("values").get(0).get("value").asDouble()).isEqualTo(71.25);
    assertThat(names(out.get("devices").get(1))).containsExactly("temperature_c", "humidity_pct");
    assertThat(names(out.get("devices").get(2))).containsExactly("unit", "cycle", "s2", "s10");
    assertThat(out.get("map")).hasSize(1);
    assertThat(out.get("map").get(0).get("lat").asDouble()).isEqualTo(48.1);
  }

  @Test
  void aDeviceWhoseHashExpiredIsStillListedWithItsLastSeenTime() {
    HotData.Page page = new HotData.Page(1, List.of(entry("env-9", NOW_MS - 120_000, Map.of())));
    JsonNode d = Json.read(text(FleetView.render("r", page, NOW))).get("devices").get(0);
    assertThat(d.get("expired").asBoolean()).isTrue();
    assertThat(d.get("age_s").asLong()).isEqualTo(120);
    assertThat(d.get("values")).isEmpty();
  }

  @Test
  void badCoordinatesAndValuesNeverBreakTheFleet() {
    HotData.Page page = new HotData.Page(1, List.of(entry("t", NOW_MS, Map.of("kind", "truck", "lat", "95",
        "lon", "abc", "speed_kmh", "NaN", "note", HOSTILE))));
    JsonNode d = Json.read(text(FleetView.render("r", page, NOW)));
    assertThat(d.get("map")).isEmpty();
    JsonNode values = d.get("devices").get(0).get("values");
    assertThat(values.findValuesAsText("name")).contains("speed_kmh", "note");
    assertThat(values.get(0).get("value").asText()).isEqualTo("NaN"); // text, since NaN is no JSON number
  }

  @Test
  void anEmptyFleetSaysWhyAndWhatToStart() {
    ObjectNode out = FleetView.render("fake Redis", new HotData.Page(0, List.of()), NOW);
    assertThat(out.get("status").asText()).isEqualTo("empty");
    assertThat(out.get("reason").asText()).contains("No device has reported yet", "lh:devices", "./lakehouse demo");
    assertThat(out.get("source").asText()).isEqualTo("fake Redis");
  }

  // ---- alerts -----------------------------------------------------------------------------------------------
  @Test
  void alertsKeepNewestFirstSkipExpiredAndMapSeverityToAFixedLevel() {
    HotData.Page page = new HotData.Page(4, List.of(
        entry("truck.engine_overheat:truck-1:9", NOW_MS - 1000, alert("critical", "engine temperature 121 °C", "121.0")),
        entry("gone:x:1", NOW_MS - 2000, Map.of()),
        entry("env.overheat:env-1:5", NOW_MS - 5000, alert("warning", "temperature 46 °C", "46")),
        entry("odd:x:2", NOW_MS - 9000, alert(HOSTILE, HOSTILE, "x"))));
    JsonNode out = Json.read(text(AlertsView.render("r", page, NOW)));
    assertThat(out.get("alerts").findValuesAsText("alert_id"))
        .containsExactly("truck.engine_overheat:truck-1:9", "env.overheat:env-1:5", "odd:x:2");
    assertThat(out.get("alerts").findValuesAsText("level")).containsExactly("critical", "warning", "other");
    JsonNode first = out.get("alerts").get(0);
    assertThat(first.get("message").asText()).isEqualTo("engine temperature 121 °C");
    assertThat(first.get("value").asDouble()).isEqualTo(121.0);
    assertThat(first.get("age_s").asLong()).isEqualTo(1);
    assertThat(out.get("alerts").get(2).get("message").asText()).isEqualTo(HOSTILE);
    assertThat(out.get("by_severity").get("critical").asInt()).isEqualTo(1);
    assertThat(out.get("total").asLong()).isEqualTo(4);
  }

  @Test
  void noActiveAlertIsAnEmptyStateNotAnError() {
    HotData.Page allExpired = new HotData.Page(1, List.of(entry("a:b:1", NOW_MS, Map.of())));
    for (HotData.Page p : List.of(new HotData.Page(0, List.of()), allExpired)) {
      ObjectNode out = AlertsView.render("r", p, NOW);
      assertThat(out.get("status").asText()).isEqualTo("empty");
      assertThat(out.get("reason").asText()).startsWith("No active alerts");
    }
  }

  static Map<String, String> alert(String severity, String message, String value) {
    return Map.of("severity", severity, "message", message, "value", value, "rule_id", "r", "device_id", "d",
        "kind", "truck", "event_time", String.valueOf(NOW_MS - 1000), "raised_at", String.valueOf(NOW_MS));
  }

  // ---- pipelines --------------------------------------------------------------------------------------------
  @Test
  void pipelinesShowRatesLagBatchAgeAndMarkStaleQueries() {
    List<HotData.Entry> in = List.of(
        entry("silver-telemetry", 0, Map.of("query", "silver-telemetry", "batch_id", "17",
            "input_rows_per_second", "1234.5", "processed_rows_per_second", "2000", "source_lag", "12",
            "timestamp", String.valueOf(NOW_MS - 5_000))),
        entry("bronze-telemetry", 0, Map.of("query", "bronze-telemetry", "batch_id", "300",
            "input_rows_per_second", "80", "processed_rows_per_second", "NaN",
            "timestamp", String.valueOf(NOW_MS - 600_000))),
        entry("gold-x", 0, Map.of("batch_id", "1")));
    JsonNode out = Json.read(text(PipelinesView.render("r", in, NOW, Duration.ofMinutes(2))));
    JsonNode rows = out.get("pipelines");
    assertThat(rows.findValuesAsText("query")).containsExactly("bronze-telemetry", "gold-x", "silver-telemetry");
    JsonNode silver = rows.get(2);
    assertThat(silver.get("input_rows_per_second").asDouble()).isEqualTo(1234.5);
    assertThat(silver.get("source_lag").asDouble()).isEqualTo(12);
    assertThat(silver.get("batch_id").asLong()).isEqualTo(17);
    assertThat(silver.get("age_s").asLong()).isEqualTo(5);
    assertThat(silver.get("stale").asBoolean()).isFalse();
    assertThat(rows.get(0).get("stale").asBoolean()).isTrue();
    assertThat(rows.get(0).get("processed_rows_per_second").isNull()).isTrue();
    assertThat(rows.get(0).get("source_lag").isNull()).isTrue();
    assertThat(rows.get(1).get("stale").asBoolean()).as("no timestamp: cannot be called healthy").isTrue();
    assertThat(out.get("stale").asInt()).isEqualTo(2);
  }

  @Test
  void noPipelineIsAnEmptyState() {
    ObjectNode out = PipelinesView.render("r", List.of(), NOW, Duration.ofMinutes(2));
    assertThat(out.get("status").asText()).isEqualTo("empty");
    assertThat(out.get("reason").asText()).contains("lh:pipeline:<query>");
  }

  // ---- series -----------------------------------------------------------------------------------------------
  @Test
  void theChartGetsOnePointPerWindowInTimeOrder() {
    Instant t0 = NOW.minusSeconds(3600);
    List<GoldHistory.Window> w = new ArrayList<>();
    w.add(window(t0.plusSeconds(600), 22.0, 10));
    w.add(window(t0, 20.0, 10));
    w.add(window(t0.plusSeconds(300), 21.0, 5));
    w.add(window(t0.plusSeconds(300), 21.5, 12)); // the same window written again with more events wins
    JsonNode out = Json.read(text(SeriesView.chart("g", "env-1", "temperature_c", w, Duration.ofHours(6))));
    assertThat(out.get("status").asText()).isEqualTo("ok");
    assertThat(out.get("points")).hasSize(3);
    assertThat(out.get("points").findValuesAsText("avg")).containsExactly("20.0", "21.5", "22.0");
    assertThat(out.get("points").get(0).get("t").asLong()).isEqualTo(t0.plusSeconds(300).toEpochMilli());
    assertThat(out.get("points").get(0).get("min").asDouble()).isEqualTo(19.0);
  }

  @Test
  void theChartIsCappedToTheNewestPoints() {
    List<GoldHistory.Window> w = new ArrayList<>();
    for (int i = 0; i < SeriesView.MAX_POINTS + 50; i++) w.add(window(NOW.minusSeconds(60L * i), i, 1));
    JsonNode out = Json.read(text(SeriesView.chart("g", "d", "s", w, Duration.ofDays(3))));
    assertThat(out.get("points")).hasSize(SeriesView.MAX_POINTS);
    assertThat(out.get("windows").asInt()).isEqualTo(SeriesView.MAX_POINTS + 50);
    assertThat(out.get("points").get(SeriesView.MAX_POINTS - 1).get("avg").asDouble()).isZero(); // newest last
  }

  @Test
  void noWindowIsAnEmptyStateNamingTheSeries() {
    ObjectNode out = SeriesView.chart("g", "env-1", "humidity_pct", List.of(), Duration.ofHours(6));
    assertThat(out.get("status").asText()).isEqualTo("empty");
    assertThat(out.get("reason").asText()).isEqualTo("No 5-minute window of humidity_pct on env-1 in the last 6 h");
    assertThat(out.get("points")).isEmpty();
  }

  @Test
  void theCatalogGroupsSensorsByDeviceInNaturalOrder() {
    List<GoldHistory.SeriesKey> keys = List.of(new GoldHistory.SeriesKey("tf-1", "turbofan", "s11"),
        new GoldHistory.SeriesKey("env-1", "env", "temperature_c"), new GoldHistory.SeriesKey("tf-1", "turbofan", "s2"),
        new GoldHistory.SeriesKey("env-1", "env", "humidity_pct"), new GoldHistory.SeriesKey("tf-1", "turbofan", "s3"));
    JsonNode out = Json.read(text(SeriesView.catalog("g", keys, Duration.ofHours(6))));
    assertThat(out.get("devices").findValuesAsText("device_id")).containsExactly("env-1", "tf-1");
    assertThat(out.get("devices").get(1).get("sensors").toString()).isEqualTo("[\"s2\",\"s3\",\"s11\"]");
    assertThat(SeriesView.catalog("g", List.of(), Duration.ofMinutes(90)).get("reason").asText())
        .startsWith("The gold table has no window in the last 90 min");
  }

  static GoldHistory.Window window(Instant start, double avg, long count) {
    return new GoldHistory.Window(start, start.plusSeconds(300), avg, avg - 1, avg + 1, count);
  }

  // ---- escaping ---------------------------------------------------------------------------------------------
  @Test
  void jsonNeverCarriesRawHtmlCharactersYetRoundTripsExactly() {
    ObjectNode n = Json.object();
    n.put("device_id", HOSTILE);
    String json = Json.write(n);
    assertThat(json).doesNotContain("<", ">", "&", "'", "\u2028").contains("\\u003C", "\\u003E", "\\u0026", "\\u2028");
    assertThat(Json.read(json).get("device_id").asText()).isEqualTo(HOSTILE);
  }

  @Test
  void severitiesAreNeverUsedAsStyleClasses() {
    assertThat(AlertsView.level("critical")).isEqualTo("critical");
    assertThat(AlertsView.level("warning")).isEqualTo("warning");
    assertThat(AlertsView.level("info")).isEqualTo("info");
    assertThat(AlertsView.level("x\" onmouseover=\"alert(1)")).isEqualTo("other");
  }

  // ---- API: every failure is a panel status -----------------------------------------------------------------
  @Test
  void anUnreachableRedisIsAStatusWithItsReasonOnEveryHotPanel() {
    DashboardApi api = api(Fakes.Hot.unreachable(), new Fakes.Gold());
    for (ObjectNode panel : List.of(api.fleet(), api.alerts(), api.pipelines())) {
      assertThat(panel.get("status").asText()).isEqualTo("unreachable");
      assertThat(panel.get("reason").asText()).isEqualTo("Redis at x does not answer");
      assertThat(panel.get("source").asText()).isEqualTo("fake Redis");
    }
  }

  @Test
  void aMissingGoldTableIsAStatusWithItsReason() {
    DashboardApi api = api(new Fakes.Hot(), Fakes.Gold.missing());
    for (ObjectNode panel : List.of(api.catalog(), api.series("env-1", "temperature_c"))) {
      assertThat(panel.get("status").asText()).isEqualTo("missing");
      assertThat(panel.get("reason").asText()).contains("does not exist yet");
    }
  }

  @Test
  void anUnexpectedFailureIsAnErrorStatusWithOneLineAndNoStackTrace() {
    Fakes.Hot hot = new Fakes.Hot();
    hot.devices = () -> {
      throw new IllegalStateException("boom\n\tat some.Class.method(Class.java:1)");
    };
    ObjectNode out = api(hot, new Fakes.Gold()).fleet();
    assertThat(out.get("status").asText()).isEqualTo("error");
    assertThat(out.get("reason").asText()).isEqualTo(
        "Reading fleet failed: IllegalStateException: boom (details in the dashboard's log)");
  }

  @Test
  void theSeriesNeedsADeviceAndASensor() {
    DashboardApi api = api(new Fakes.Hot(), new Fakes.Gold());
    assertThat(api.series(null, "s").get("reason").asText()).isEqualTo("Choose a device and a sensor");
    assertThat(api.series("d", " ").get("status").asText()).isEqualTo("empty");
    assertThat(api.series("d".repeat(201), "s").get("reason").asText()).contains("at most 200 characters");
  }

  @Test
  void theSeriesReadsOnlyTheConfiguredHistory() {
    Fakes.Gold gold = new Fakes.Gold()
        .add("env-1", "env", "temperature_c", NOW.minus(Duration.ofHours(7)), 10, 1)
        .add("env-1", "env", "temperature_c", NOW.minus(Duration.ofHours(1)), 20, 1);
    JsonNode out = Json.read(text(api(new Fakes.Hot(), gold).series("env-1", "temperature_c")));
    assertThat(out.get("points").findValuesAsText("avg")).containsExactly("20.0");
  }

  @Test
  void theConfigTellsThePageHowOftenToRefresh() {
    ObjectNode cfg = api(new Fakes.Hot(), new Fakes.Gold()).config();
    assertThat(cfg.get("refresh_ms").asLong()).isEqualTo(2000);
    assertThat(cfg.get("history_s").asLong()).isEqualTo(6 * 3600);
  }

  static DashboardApi api(HotData hot, GoldHistory gold) {
    return new DashboardApi(hot, gold, DashboardSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static List<String> names(JsonNode device) {
    return device.get("values").findValuesAsText("name");
  }
}
