package io.iotlakehouse.registry.server;

import com.sun.net.httpserver.HttpServer;
import io.iotlakehouse.registry.server.api.ArtifactApi;
import io.iotlakehouse.registry.server.api.ExperimentApi;
import io.iotlakehouse.registry.server.api.RegistryApi;
import io.iotlakehouse.registry.server.api.RunApi;
import io.iotlakehouse.registry.server.artifacts.ArtifactRoot;
import io.iotlakehouse.registry.server.http.HttpResponse;
import io.iotlakehouse.registry.server.http.JdkHttpAdapter;
import io.iotlakehouse.registry.server.http.Router;
import io.iotlakehouse.registry.server.store.Database;
import io.iotlakehouse.registry.server.store.MonotonicClock;
import io.iotlakehouse.registry.server.store.ExperimentStore;
import io.iotlakehouse.registry.server.store.RegistryStore;
import io.iotlakehouse.registry.server.store.RunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local MLflow 2.7.1-compatible server: tracking, model registry and the {@code mlflow-artifacts} proxy, backed
 * by an H2 file database and a folder of artifacts under one data directory, so everything survives a restart.
 * It answers like {@code mlflow server --serve-artifacts} started without {@code --default-artifact-root}.
 *
 * <pre>{@code
 * MlflowCompatibleServer server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir);
 * URI tracking = server.uri();   // http://127.0.0.1:<port>
 * server.stop();
 * }</pre>
 */
public final class MlflowCompatibleServer implements AutoCloseable {
  /** The MLflow version whose REST behaviour this server reproduces (GET /version). */
  public static final String MLFLOW_VERSION = "2.7.1";
  private static final Logger LOG = LoggerFactory.getLogger(MlflowCompatibleServer.class);

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed ACKs
    // add about 40 ms to every request. The property is read once, when the first HttpServer is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private HttpServer http;
  private Router router;
  private ExecutorService executor;
  private Database database;
  private String host;

  /** Starts on 127.0.0.1. */
  public MlflowCompatibleServer start(int port, Path dataDir) {
    return start("127.0.0.1", port, dataDir);
  }

  /**
   * Opens (or creates) the store under {@code dataDir} and starts serving on {@code host:port}; port 0 picks a
   * free port (see {@link #port()}).
   */
  public synchronized MlflowCompatibleServer start(String host, int port, Path dataDir) {
    if (http != null) {
      throw new IllegalStateException("The server is already running on port " + port() + ". Call stop() first.");
    }
    Path data = dataDir.toAbsolutePath().normalize();
    Database db = Database.open(data.resolve("db"));
    try {
      MonotonicClock clock = MonotonicClock.system();
      Router router = routes(new ExperimentStore(db, clock), new RunStore(db, clock), new RegistryStore(db, clock),
          new ArtifactRoot(data.resolve("artifacts")));
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
      AtomicInteger threads = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "mlflow-compatible-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      server.createContext("/", new JdkHttpAdapter(router));
      server.setExecutor(pool);
      server.start();
      this.http = server;
      this.router = router;
      this.executor = pool;
      this.database = db;
      this.host = host;
      LOG.info("MLflow-compatible server listening on {} with data in {}", uri(), data);
      return this;
    } catch (BindException e) {
      db.close();
      throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (" + e.getMessage() + "). Another "
          + "process probably uses that port: stop it, or choose another port (0 picks a free one).", e);
    } catch (IOException e) {
      db.close();
      throw new UncheckedIOException("Cannot start the HTTP server on " + host + ":" + port + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static Router routes(ExperimentStore experiments, RunStore runs, RegistryStore registry,
      ArtifactRoot artifacts) {
    Router router = new Router();
    router.route("GET", "/health", r -> HttpResponse.text(200, HttpResponse.HTML, "OK"));
    router.route("GET", "/version", r -> HttpResponse.text(200, HttpResponse.HTML, MLFLOW_VERSION));
    ExperimentApi experimentApi = new ExperimentApi(experiments);
    RunApi runApi = new RunApi(runs);
    RegistryApi registryApi = new RegistryApi(registry);
    ArtifactApi artifactApi = new ArtifactApi(artifacts, runs);
    for (String prefix : new String[] {"/api/2.0/mlflow", "/ajax-api/2.0/mlflow"}) {
      experimentApi.register(router, prefix);
      runApi.register(router, prefix);
      registryApi.register(router, prefix);
    }
    artifactApi.register(router, "/api/2.0/mlflow-artifacts", "/api/2.0/mlflow");
    artifactApi.register(router, "/ajax-api/2.0/mlflow-artifacts", "/ajax-api/2.0/mlflow");
    return router;
  }

  /** Every served endpoint as {@code "METHOD /path"}, sorted; a trailing {@code <path>} marks a path prefix. */
  public synchronized java.util.List<String> endpoints() {
    if (router == null) {
      throw new IllegalStateException("The server is not running. Call start(host, port, dataDir) first.");
    }
    return router.endpoints();
  }

  /** The bound port (useful after starting on port 0). */
  public synchronized int port() {
    if (http == null) {
      throw new IllegalStateException("The server is not running. Call start(host, port, dataDir) first.");
    }
    return http.getAddress().getPort();
  }

  /** The tracking URI clients should use, e.g. {@code http://127.0.0.1:5000}. */
  public synchronized URI uri() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + shownHost + ":" + port());
  }

  /** Stops serving and closes the database; safe to call twice. */
  public synchronized void stop() {
    if (http == null) {
      return;
    }
    http.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    database.close();
    http = null;
    executor = null;
    database = null;
  }

  @Override
  public void close() {
    stop();
  }

  /** {@code java ... MlflowCompatibleServer [--host 127.0.0.1] [--port 5000] [--data-dir mlflow-data]}. */
  public static void main(String[] args) throws InterruptedException {
    ServerConfig config;
    try {
      config = ServerConfig.from(System.getProperties(), args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    MlflowCompatibleServer server = new MlflowCompatibleServer().start(config.host(), config.port(), config.dataDir());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "mlflow-compatible-shutdown"));
    System.out.println("MLflow-compatible server (MLflow " + MLFLOW_VERSION + " REST API) listening on " + server.uri()
        + ", data in " + config.dataDir().toAbsolutePath());
    Thread.currentThread().join();
  }
}
