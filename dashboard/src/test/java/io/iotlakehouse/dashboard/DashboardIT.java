package io.iotlakehouse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.hot.RedisLayout;
import io.iotlakehouse.dashboard.io.DeltaKernelGoldHistory;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.RedisServer;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.SparkSessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The dashboard end to end: a real redis-server holding hot data written per {@link RedisLayout}, a gold
 * {@code sensor_rolling_5m} Delta table written by Spark (as the gold job writes it), the server started from config,
 * and headless Chromium loading the page and running its script. Asserts on what the page shows.
 */
@Tag("integration") // failsafe runs it; surefire excludes the tag, also under -Dtest='Dashboard*'
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final String HOSTILE_MESSAGE = "<b id=\"injected\">fault codes P0217</b><script>alert(1)</script>";
  /** The gold table's schema, exactly as the gold job writes it. */
  static final StructType GOLD = new StructType()
      .add("device_id", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("site", DataTypes.StringType, true)
      .add("sensor", DataTypes.StringType, false)
      .add("window_start", DataTypes.TimestampType, false)
      .add("window_end", DataTypes.TimestampType, false)
      .add("avg", DataTypes.DoubleType, false)
      .add("min", DataTypes.DoubleType, false)
      .add("max", DataTypes.DoubleType, false)
      .add("count", DataTypes.LongType, false)
      .add("window_date", DataTypes.DateType, false);

  @TempDir static Path work;
  Path lake;
  Path target = Path.of("target").toAbsolutePath();
  RedisServer redis;
  SparkSession spark;
  final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

  @BeforeAll
  void services() throws IOException {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("install chromium (apt-get install chromium): this test loads the dashboard in headless Chromium at " + CHROMIUM);
    }
    lake = work.resolve("lake");
    redis = new RedisServer(work.resolve("redis"), Ports.free(), "redis-server", Duration.ofSeconds(60)).start();
    spark = SparkSessions.create("dashboard-it", "local[1]");
    spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
  }

  @AfterAll
  void stop() {
    if (spark != null) spark.stop();
    if (redis != null) redis.close();
  }

  // ---- test data ---------------------------------------------------------------------------------------------
  void writeHotData() {
    long nowMs = Instant.now().toEpochMilli();
    try (RedisClient r = RedisClient.create("127.0.0.1", redis.port())) {
      r.flushAll();
      device(r, "env-1", nowMs - 1_000, Map.of("kind", "env", "site", "plant-north", "temperature_c", "21.5",
          "humidity_pct", "40.25"));
      device(r, "env-2", nowMs - 5_000, Map.of("kind", "env", "site", "plant-south", "temperature_c", "47.0",
          "humidity_pct", "35"));
      for (int i = 1; i <= 3; i++) {
        device(r, "truck-" + i, nowMs - 2_000 * i, Map.of("kind", "truck", "site", "depot-" + i,
            "speed_kmh", String.valueOf(60 + i), "engine_temp_c", String.valueOf(90 + 10 * i),
            "fuel_level_pct", "55", "lat", String.valueOf(48.1 + i / 10.0), "lon", String.valueOf(11.5 + i / 10.0)));
      }
      device(r, "turbofan-1", nowMs - 3_000, Map.of("kind", "turbofan", "site", "hangar", "unit", "1", "cycle", "112",
          "s2", "642.5", "s3", "1589.7", "s4", "1431.2"));
      alert(r, "truck.engine_overheat:truck-3:9", nowMs - 2_000, "critical", "truck-3", "truck",
          "engine temperature 120.00 °C above 110 °C", "120.0");
      alert(r, "env.overheat:env-2:4", nowMs - 60_000, "warning", "env-2", "env", "temperature 47.00 °C above 45 °C", "47");
      alert(r, "truck.fault_code:truck-1:7", nowMs - 120_000, "warning", "truck-1", "truck", HOSTILE_MESSAGE, "1");
      pipeline(r, "bronze-telemetry", 412, nowMs - 3_000, "812.5", "790.25", "37");
      pipeline(r, "silver-telemetry", 97, nowMs - 600_000, "45.0", "44.0", null);
    }
  }

  static void device(RedisClient r, String id, long eventTime, Map<String, String> values) {
    Map<String, String> h = new HashMap<>(values);
    h.put("seq", "42");
    h.put("event_time", String.valueOf(eventTime));
    h.put("updated_at", String.valueOf(eventTime + 50));
    r.hset(RedisLayout.device(id), h);
    r.zadd(RedisLayout.DEVICES, eventTime, id);
  }

  static void alert(RedisClient r, String id, long eventTime, String severity, String device, String kind, String message,
      String value) {
    Map<String, String> h = new HashMap<>(Map.of("alert_id", id, "rule_id", id.substring(0, id.indexOf(':')),
        "severity", severity, "device_id", device, "kind", kind, "site", "s", "seq", "1",
        "event_time", String.valueOf(eventTime), "value", value, "message", message));
    h.put("raised_at", String.valueOf(eventTime + 100));
    r.hset(RedisLayout.alert(id), h);
    r.zadd(RedisLayout.ALERTS, eventTime, id);
  }

  static void pipeline(RedisClient r, String query, long batch, long timestamp, String in, String out, String lag) {
    Map<String, String> h = new HashMap<>(Map.of("query", query, "batch_id", String.valueOf(batch),
        "input_rows", "4000", "input_rows_per_second", in, "processed_rows_per_second", out,
        "batch_duration_ms", "900", "timestamp", String.valueOf(timestamp)));
    if (lag != null) h.put("source_lag", lag);
    r.hset(RedisLayout.pipeline(query), h);
  }

  /** 30 one-minute-apart 5-minute windows per series, plus one window two days old (outside the history). */
  void writeGold(Path table) {
    List<Row> rows = new ArrayList<>();
    Map<String, String> sensors = Map.of("env-1", "temperature_c,humidity_pct", "env-2", "temperature_c,humidity_pct",
        "truck-1", "speed_kmh,engine_temp_c", "turbofan-1", "s2,s3,s4");
    sensors.forEach((device, list) -> {
      String kind = device.substring(0, device.indexOf('-'));
      for (String sensor : list.split(",")) {
        for (int i = 30; i >= 1; i--) rows.add(window(device, kind, sensor, now.minus(i + 5, ChronoUnit.MINUTES), 20 + Math.sin(i / 3.0) * 2 + (i % 7) / 10.0));
        rows.add(window(device, kind, sensor, now.minus(2, ChronoUnit.DAYS), 99));
      }
    });
    spark.createDataFrame(rows, GOLD).repartition(3).write().format("delta").partitionBy("window_date")
        .mode("overwrite").save(table.toString());
  }

  static Row window(String device, String kind, String sensor, Instant start, double avg) {
    Instant end = start.plus(5, ChronoUnit.MINUTES);
    return RowFactory.create(device, kind, device.equals("env-2") ? null : "site-1", sensor, start, end, avg, avg - 1.5,
        avg + 1.5, 300L, LocalDate.ofInstant(start, ZoneOffset.UTC));
  }

  Config config(String redisUrl, Path lakeRoot) {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.add(StreamingKeys.LAKE_ROOT);
    keys.addAll(DashboardKeys.keys());
    return Config.load(keys, null, List.of("redis.url=" + redisUrl, "lake.root=" + lakeRoot, "dashboard.port=0",
        "dashboard.refresh=1s"));
  }

  // ---- tests -------------------------------------------------------------------------------------------------
  @Test
  void deltaKernelReadsTheSparkWrittenGoldTable() {
    Path table = work.resolve("kernel/gold/sensor_rolling_5m");
    writeGold(table);
    DeltaKernelGoldHistory gold = new DeltaKernelGoldHistory(table.toString());
    Instant since = now.minus(6, ChronoUnit.HOURS);
    assertThat(gold.series(since)).hasSize(9)
        .contains(new GoldHistory.SeriesKey("turbofan-1", "turbofan", "s4"));
    List<GoldHistory.Window> w = gold.windows("env-1", "temperature_c", since);
    assertThat(w).hasSize(30).allSatisfy(x -> {
      assertThat(x.windowEnd()).isEqualTo(x.windowStart().plus(5, ChronoUnit.MINUTES));
      assertThat(x.max() - x.min()).isEqualTo(3.0);
      assertThat(x.count()).isEqualTo(300);
    });
    assertThat(w).extracting(GoldHistory.Window::windowStart).contains(now.minus(35, ChronoUnit.MINUTES));
    assertThat(gold.windows("env-1", "temperature_c", now.minus(3, ChronoUnit.DAYS))).hasSize(31);
    assertThat(gold.windows("env-1", "no_such_sensor", since)).isEmpty();

    // Spark's default INT96 timestamps (a gold job not using SparkSessions' settings) read the same
    Path int96 = work.resolve("kernel/int96");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "INT96");
    try {
      writeGold(int96);
    } finally {
      spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    }
    assertThat(new DeltaKernelGoldHistory(int96.toString()).windows("env-1", "temperature_c", since)).isEqualTo(w);
  }

  @Test
  void thePageShowsFleetAlertsPipelinesAndTheChart() throws Exception {
    writeHotData();
    writeGold(lake.resolve("gold/sensor_rolling_5m"));
    try (DashboardServer server = DashboardServer.start(config(redis.url(), lake))) {
      String url = server.url() + "#device=env-1&sensor=temperature_c";
      String dom = chromium(List.of("--dump-dom", url), "page");
      Files.writeString(target.resolve("dashboard-it.html"), dom);

      // fleet: every device, newest first, with its values; the truck map got the three trucks
      assertThat(rowsOf(dom, "data-device")).containsExactly("env-1", "truck-1", "turbofan-1", "truck-2", "env-2", "truck-3");
      assertThat(dom).contains("6 devices", "plant-north", "temperature_c ", "21.50");
      assertThat(attr(dom, "map", "data-points")).isEqualTo("3");
      // alerts: newest first, with severity; the hostile message is text, not markup
      assertThat(rowsOf(dom, "data-alert")).containsExactly("truck.engine_overheat:truck-3:9", "env.overheat:env-2:4",
          "truck.fault_code:truck-1:7");
      assertThat(dom).contains("engine temperature 120.00 °C above 110 °C", "badge level-critical\">critical<",
          "3 active");
      assertThat(dom).contains("&lt;b id=\"injected\"&gt;fault codes P0217&lt;/b&gt;&lt;script&gt;")
          .doesNotContain("<b id=\"injected\">");
      // pipelines: rates, lag, batch; the silver query is ten minutes old, so stale
      assertThat(dom).containsPattern("data-query=\"bronze-telemetry\"><td class=\"query\">bronze-telemetry</td>"
          + "<td class=\"num rate-in\">812.5</td><td class=\"num rate-out\">790.3</td><td class=\"num\">37</td>"
          + "<td class=\"num\">412</td><td>\\d+ s</td><td class=\"health-ok\">OK</td>");
      assertThat(dom).containsPattern("data-query=\"silver-telemetry\">.*?<td class=\"health-stale\"[^>]*>STALE</td>");
      // chart: the 30 windows of the chosen series (the two-day-old one is outside dashboard.history)
      assertThat(attr(dom, "chart", "data-series")).isEqualTo("env-1/temperature_c");
      assertThat(attr(dom, "chart", "data-points")).isEqualTo("30");
      assertThat(dom).contains("<option value=\"turbofan-1\">turbofan-1 (turbofan)</option>");
      assertThat(attr(dom, "status", "data-state")).isEqualTo("ok");
      assertThat(dom).doesNotContain("Unreachable:", "Not there yet:", "Error:");

      Path png = target.resolve("dashboard-it.png");
      Files.deleteIfExists(png);
      chromium(List.of("--screenshot=" + png, "--window-size=1400,1250", "--hide-scrollbars", url), "screenshot");
      assertThat(png).exists();
      assertThat(Files.size(png)).isGreaterThan(20_000);
    }
  }

  @Test
  void withoutRedisAndGoldTableThePageSaysWhyInEachPanel() throws Exception {
    int closed = Ports.free();
    try (DashboardServer server = DashboardServer.start(config("redis://127.0.0.1:" + closed, work.resolve("nolake")))) {
      String dom = chromium(List.of("--dump-dom", server.url()), "empty");
      Files.writeString(target.resolve("dashboard-it-empty.html"), dom);
      assertThat(dom).contains("Unreachable: Redis at redis://127.0.0.1:" + closed + " does not answer");
      assertThat(count(dom, "class=\"notice unreachable\"")).isEqualTo(3); // fleet, alerts, pipelines
      assertThat(dom).contains("Not there yet: The gold table " + work.resolve("nolake/gold/sensor_rolling_5m")
          + " does not exist yet");
      assertThat(attr(dom, "chart", "data-points")).isEqualTo("0");
      assertThat(attr(dom, "status", "data-state")).isEqualTo("ok"); // the dashboard itself answers
      Path png = target.resolve("dashboard-it-empty.png");
      Files.deleteIfExists(png);
      chromium(List.of("--screenshot=" + png, "--window-size=1400,900", "--hide-scrollbars", server.url()), "empty-shot");
      assertThat(png).exists();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------------------
  /** Runs headless Chromium (DESIGN.md §6 flags, a fresh profile) with virtual time so the page's script runs. */
  String chromium(List<String> args, String name) throws Exception {
    Path profile = Files.createTempDirectory(work, "chromium-" + name);
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
    cmd.addAll(args);
    Path out = work.resolve("chromium-" + name + ".out");
    Path err = work.resolve("chromium-" + name + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 120 s: " + Files.readString(err));
    }
    assertThat(p.exitValue()).as("chromium exit code; stderr: %s", Files.readString(err)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  static List<String> rowsOf(String dom, String attribute) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<tr[^>]* " + attribute + "=\"([^\"]*)\"").matcher(dom);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  static String attr(String dom, String id, String attribute) {
    Matcher tag = Pattern.compile("<[a-z]+ [^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
    assertThat(tag.find()).as("element #%s in the page", id).isTrue();
    Matcher a = Pattern.compile(" " + attribute + "=\"([^\"]*)\"").matcher(tag.group());
    return a.find() ? a.group(1) : null;
  }

  static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
    return n;
  }
}
