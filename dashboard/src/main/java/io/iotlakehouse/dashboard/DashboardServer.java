package io.iotlakehouse.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.dashboard.io.DeltaKernelGoldHistory;
import io.iotlakehouse.dashboard.io.RedisHotData;
import io.iotlakehouse.dashboard.view.DashboardApi;
import io.iotlakehouse.dashboard.view.Json;
import io.iotlakehouse.streaming.io.Lake;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard: one page and a JSON API on 127.0.0.1 only (JDK HTTP server). Hot data comes from Redis
 * ({@code redis.url}), the rolling-average history from the gold Delta table under {@code lake.root}.
 *
 * <pre>
 * try (DashboardServer d = DashboardServer.start(config)) {
 *   System.out.println(d.url());   // http://127.0.0.1:18080/
 * }
 * </pre>
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  /** The gold table the chart reads: {@code <lake.root>/gold/sensor_rolling_5m}. */
  public static final String GOLD_TABLE = "sensor_rolling_5m";
  static final Duration GOLD_CACHE_TTL = Duration.ofSeconds(5);
  static final Duration GOLD_SERIES_CACHE_TTL = Duration.ofSeconds(30);
  private static final String CHART_JS = "/vendor/chart.umd.min.js";
  private static final Set<String> STATIC = Set.of("/index.html", "/app.js", "/app.css");
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final HttpServer http;
  private final ExecutorService executor;
  private final DashboardApi api;
  private final Set<String> allowedHosts;
  private final Map<String, byte[]> assets = new HashMap<>();
  private final AutoCloseable[] resources;

  private DashboardServer(HttpServer http, ExecutorService executor, DashboardApi api, AutoCloseable... resources) {
    this.http = http;
    this.executor = executor;
    this.api = api;
    this.resources = resources;
    int port = http.getAddress().getPort();
    this.allowedHosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
    for (String name : STATIC) assets.put(name, resource("dashboard" + name));
    assets.put(CHART_JS, resource(chartJsResource()));
  }

  /**
   * Serves the dashboard for the platform's configured services ({@code redis.url}, {@code lake.root},
   * {@code dashboard.*}). Fails fast when {@code redis.url} is empty or the port is taken; a Redis that does not
   * answer or a gold table that does not exist yet is shown on the page, not an error here.
   */
  public static DashboardServer start(Config config) {
    String redisUrl = config.get(PlatformKeys.REDIS_URL);
    if (redisUrl.isBlank()) throw DashboardErrors.redisNotConfigured();
    DashboardSettings settings = DashboardSettings.from(config);
    String goldPath = Lake.from(config).table("gold", GOLD_TABLE);
    RedisHotData hot = new RedisHotData(redisUrl);
    try {
      GoldHistory gold = new CachedGoldHistory(new DeltaKernelGoldHistory(goldPath), GOLD_CACHE_TTL,
          GOLD_SERIES_CACHE_TTL, Clock.systemUTC());
      return start(settings, hot, gold, Clock.systemUTC(), hot);
    } catch (RuntimeException e) {
      hot.close();
      throw e;
    }
  }

  /** Serves the dashboard over any sources (tests, embedding); {@code owned} are closed with the server. */
  public static DashboardServer start(DashboardSettings settings, HotData hot, GoldHistory gold, Clock clock,
      AutoCloseable... owned) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 32);
    } catch (BindException e) {
      throw DashboardErrors.portTaken(settings.port(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the dashboard's server socket", e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "dashboard-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    DashboardServer server;
    try {
      server = new DashboardServer(http, executor, new DashboardApi(hot, gold, settings, clock), owned);
    } catch (RuntimeException e) {
      http.stop(0);
      executor.shutdownNow();
      throw e;
    }
    http.createContext("/", server::handle);
    http.setExecutor(executor);
    http.start();
    LOG.info("dashboard at {} ({}, {})", server.url(), hot.location(), gold.location());
    return server;
  }

  /** The page's address, e.g. {@code http://127.0.0.1:18080/}. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", bytes("Only GET and HEAD\n"));
        return;
      }
      // DNS rebinding: a page from elsewhere that resolves its own name to 127.0.0.1 must not read the fleet
      String host = ex.getRequestHeaders().getFirst("Host");
      if (host == null || !allowedHosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
        send(ex, 421, "text/plain; charset=utf-8", bytes("Unknown Host header; open " + url() + "\n"));
        return;
      }
      String path = ex.getRequestURI().getRawPath();
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      switch (path) {
        case "/":
          asset(ex, "/index.html");
          return;
        case "/api/config":
          json(ex, api.config());
          return;
        case "/api/fleet":
          json(ex, api.fleet());
          return;
        case "/api/alerts":
          json(ex, api.alerts());
          return;
        case "/api/pipelines":
          json(ex, api.pipelines());
          return;
        case "/api/series/catalog":
          json(ex, api.catalog());
          return;
        case "/api/series":
          json(ex, api.series(query.get("device"), query.get("sensor")));
          return;
        default:
          if (assets.containsKey(path)) asset(ex, path);
          else send(ex, 404, "text/plain; charset=utf-8", bytes("Not found\n"));
      }
    } catch (RuntimeException e) {
      LOG.warn("dashboard request {} failed", ex.getRequestURI(), e);
      ObjectNode n = Json.object();
      n.put("status", "error");
      n.put("reason", "The dashboard failed to answer (details in its log)");
      send(ex, 500, "application/json; charset=utf-8", bytes(Json.write(n)));
    }
  }

  private void json(HttpExchange ex, ObjectNode body) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    send(ex, 200, "application/json; charset=utf-8", bytes(Json.write(body)));
  }

  private void asset(HttpExchange ex, String name) throws IOException {
    String type = name.endsWith(".html") ? "text/html; charset=utf-8"
        : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    ex.getResponseHeaders().set("Cache-Control", name.startsWith("/vendor/") ? "max-age=86400" : "no-cache");
    send(ex, 200, type, assets.get(name));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    var h = ex.getResponseHeaders();
    h.set("Content-Type", contentType);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Content-Security-Policy", CSP);
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed %-escape: ignore the pair
      }
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The bundled Chart.js of the WebJar on the classpath, whatever its version. */
  static String chartJsResource() {
    String props = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(props)) {
      if (in == null) throw new IllegalStateException("the Chart.js WebJar (org.webjars.npm:chart.js) is not on the classpath");
      Properties p = new Properties();
      p.load(in);
      return "META-INF/resources/webjars/chart.js/" + p.getProperty("version") + "/dist/chart.umd.min.js";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("resource " + name + " is missing from the dashboard jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", r, e);
      }
    }
  }
}
