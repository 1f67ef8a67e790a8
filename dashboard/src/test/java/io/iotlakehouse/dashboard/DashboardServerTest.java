package io.iotlakehouse.dashboard;

import static io.iotlakehouse.dashboard.Fakes.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.dashboard.io.DeltaKernelGoldHistory;
import io.iotlakehouse.dashboard.io.RedisHotData;
import io.iotlakehouse.dashboard.view.Json;
import io.iotlakehouse.streaming.StreamingKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP layer and the adapters' failure modes, without any service running. */
class DashboardServerTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static DashboardServer serve(HotData hot, GoldHistory gold) {
    return DashboardServer.start(DashboardSettings.defaults().withPort(0), hot, gold, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  HttpResponse<String> get(DashboardServer s, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(s.url()).resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageTheAssetsAndTheApiOnLoopbackOnly() throws Exception {
    Fakes.Hot hot = new Fakes.Hot();
    hot.devices = () -> new HotData.Page(1, List.of(entry("env-1", NOW.toEpochMilli(), Map.of("kind", "env"))));
    try (DashboardServer s = serve(hot, new Fakes.Gold())) {
      assertThat(s.url()).startsWith("http://127.0.0.1:");
      HttpResponse<String> page = get(s, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(page.body()).contains("<canvas id=\"chart\"");
      assertThat(get(s, "/app.js").body()).contains("textContent");
      assertThat(get(s, "/app.css").statusCode()).isEqualTo(200);
      assertThat(get(s, "/vendor/chart.umd.min.js").body()).contains("Chart.js");

      HttpResponse<String> fleet = get(s, "/api/fleet");
      assertThat(fleet.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
      assertThat(fleet.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(Json.read(fleet.body()).get("devices").get(0).get("device_id").asText()).isEqualTo("env-1");
      assertThat(Json.read(get(s, "/api/alerts").body()).get("status").asText()).isEqualTo("empty");
      assertThat(Json.read(get(s, "/api/pipelines").body()).get("status").asText()).isEqualTo("empty");
      assertThat(Json.read(get(s, "/api/series/catalog").body()).get("status").asText()).isEqualTo("empty");
      assertThat(Json.read(get(s, "/api/series?device=env-1&sensor=temperature_c").body()).get("reason").asText())
          .isEqualTo("No 5-minute window of temperature_c on env-1 in the last 6 h");
      assertThat(Json.read(get(s, "/api/config").body()).get("refresh_ms").asInt()).isEqualTo(2000);

      assertThat(get(s, "/../../etc/passwd").statusCode()).isEqualTo(404);
      assertThat(get(s, "/dashboard/app.js").statusCode()).isEqualTo(404);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(s.url() + "api/fleet")).POST(HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
      // not reachable on a non-loopback address of this machine
      for (InetAddress a : nonLoopbackAddresses()) {
        try (Socket sock = new Socket()) {
          assertThatThrownBy(() -> sock.connect(new java.net.InetSocketAddress(a, s.port()), 500))
              .isInstanceOf(IOException.class);
        }
      }
    }
  }

  @Test
  void refusesForeignHostHeadersAgainstDnsRebinding() throws Exception {
    try (DashboardServer s = serve(new Fakes.Hot(), new Fakes.Gold());
         Socket sock = new Socket("127.0.0.1", s.port())) {
      sock.getOutputStream().write(("GET /api/fleet HTTP/1.1\r\nHost: evil.example:" + s.port()
          + "\r\nConnection: close\r\n\r\n").getBytes());
      String status = new String(sock.getInputStream().readAllBytes()).lines().findFirst().orElse("");
      assertThat(status).startsWith("HTTP/1.1 421");
      assertThat(get(s, "/api/fleet").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anUnreachableRedisAndAMissingGoldTableShowAsStatusesNotErrors(@TempDir Path lake) throws Exception {
    int closed;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = ss.getLocalPort();
    }
    try (RedisHotData redis = new RedisHotData("redis://user:secret@127.0.0.1:" + closed + "/0");
         DashboardServer s = serve(redis, new DeltaKernelGoldHistory(lake.resolve("gold/sensor_rolling_5m").toString()))) {
      var fleet = Json.read(get(s, "/api/fleet").body());
      assertThat(fleet.get("status").asText()).isEqualTo("unreachable");
      assertThat(fleet.get("reason").asText()).contains("Redis at redis://127.0.0.1:" + closed + "/0 does not answer")
          .contains("redis.url").doesNotContain("secret");
      var series = Json.read(get(s, "/api/series?device=a&sensor=b").body());
      assertThat(series.get("status").asText()).isEqualTo("missing");
      assertThat(series.get("reason").asText()).contains("The gold table " + lake.resolve("gold/sensor_rolling_5m")
          + " does not exist yet");
      assertThat(Json.read(get(s, "/api/series/catalog").body()).get("status").asText()).isEqualTo("missing");
    }
  }

  @Test
  void startFromConfigFailsFastWithoutRedisOrOnATakenPort() throws Exception {
    List<ConfigKey<?>> keys = new ArrayList<>(DashboardKeys.keys());
    keys.addAll(PlatformKeys.keys());
    keys.add(StreamingKeys.LAKE_ROOT);
    assertThatThrownBy(() -> DashboardServer.start(Config.defaults(keys)))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining("No Redis to read hot data from").hasMessageContaining("How to fix: set --conf redis.url=");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Config c = Config.load(keys, null, List.of("redis.url=redis://127.0.0.1:1", "dashboard.port=" + taken.getLocalPort()));
      assertThatThrownBy(() -> DashboardServer.start(c))
          .isInstanceOf(LakehouseException.class)
          .hasMessageContaining("Cannot serve the dashboard on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--conf dashboard.port=");
    }
  }

  @Test
  void goldAnswersAreCachedForAFewSecondsIncludingMissingTables() {
    AtomicReference<Instant> now = new AtomicReference<>(NOW);
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    Fakes.Gold gold = Fakes.Gold.missing();
    CachedGoldHistory cached = new CachedGoldHistory(gold, Duration.ofSeconds(5), Duration.ofSeconds(30), clock);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> cached.windows("d", "s", NOW)).isInstanceOf(SourceUnavailableException.class);
    }
    assertThat(gold.reads).isEqualTo(1);
    gold.failure = null;
    gold.add("d", "env", "s", NOW, 1, 1);
    now.set(NOW.plusSeconds(5));
    assertThat(cached.windows("d", "s", NOW.minusSeconds(60))).hasSize(1);
    assertThat(cached.windows("d", "s", NOW.minusSeconds(60))).hasSize(1);
    assertThat(cached.windows("d", "other", NOW.minusSeconds(60))).isEmpty();
    assertThat(gold.reads).isEqualTo(3);
    // the list of series is kept longer: it changes only when a device or sensor appears
    assertThat(cached.series(NOW.minusSeconds(60))).hasSize(1);
    gold.add("d2", "env", "s", NOW, 1, 1);
    now.set(NOW.plusSeconds(20));
    assertThat(cached.series(NOW.minusSeconds(60))).hasSize(1);
    now.set(NOW.plusSeconds(36));
    assertThat(cached.series(NOW.minusSeconds(60))).hasSize(2);
  }

  static List<InetAddress> nonLoopbackAddresses() throws IOException {
    List<InetAddress> out = new ArrayList<>();
    var nics = java.net.NetworkInterface.getNetworkInterfaces();
    while (nics.hasMoreElements()) {
      var nic = nics.nextElement();
      if (!nic.isUp() || nic.isLoopback()) continue;
      nic.inetAddresses().filter(a -> a instanceof java.net.Inet4Address).forEach(out::add);
    }
    return out;
  }
}
