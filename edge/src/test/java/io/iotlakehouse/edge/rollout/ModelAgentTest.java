package io.iotlakehouse.edge.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.edge.GatewayMain;
import io.iotlakehouse.edge.inference.LocalInference;
import io.iotlakehouse.edge.inference.ModelKind;
import io.iotlakehouse.edge.inference.TestBundles;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's rollout agent with a real model folder, watcher and runtime, and bundle archives served by a real HTTP
 * server: download, checks, refusals, retries and rollback, the model in service never dropped.
 */
class ModelAgentTest {
  static final String HOT_RULES = TestBundles.ENV_RULES.replace("\"max_z\":4", "\"max_z\":2");
  @TempDir Path work;
  Path models;
  HttpServer http;
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final Map<String, Integer> statusOf = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  LocalInference inference;
  ModelAgent agent;

  @BeforeEach
  void start() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", ex -> {
      requests.incrementAndGet();
      String path = ex.getRequestURI().getPath();
      byte[] body = files.get(path);
      int status = statusOf.getOrDefault(path, body == null ? 404 : 200);
      if (status != 200) body = new byte[0];
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) ex.getResponseBody().write(body);
      ex.close();
    });
    http.start();
    models = work.resolve("models");
    TestBundles.zscore(models, "1", TestBundles.ENV_RULES);
    Path trusted = TestBundles.trustedKeyFile(work.resolve("keys"));
    Config config = Config.load(GatewayMain.keys(), null, List.of("edge.model.dir=" + models, "edge.model.trusted-keys=" + trusted,
        "edge.model.poll-interval=50ms", "edge.model.fetch.attempts=3", "edge.model.fetch.backoff=20ms",
        "edge.model.fetch.timeout=5s"));
    inference = LocalInference.create(config, "gw-t", new PrometheusRegistry(), (t, p) -> CompletableFuture.completedFuture(null)).start();
    agent = ModelAgent.create(config, "gw-t", inference);
    assertThat(serving()).isEqualTo("env-zscore@1");
  }

  @AfterEach
  void stop() {
    agent.close();
    inference.close();
    http.stop(0);
  }

  String serving() {
    return inference.runtime().serving() == null ? null : inference.runtime().serving().label();
  }

  String url(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path;
  }

  /** A bundle built aside, zipped and served at /bundles/<id>.zip; returns the desired message for it. */
  DesiredModel published(String version, String rules) throws Exception {
    Path b = TestBundles.zscore(work.resolve("built-" + version), version, rules);
    return publish(b, version);
  }

  DesiredModel publish(Path bundle, String version) throws Exception {
    String id = TestBundles.VERIFIER.verify(bundle).id();
    return archive(bundle, id, version);
  }

  DesiredModel archive(Path bundle, String id, String version) throws Exception {
    Path zip = work.resolve(id + "-" + System.nanoTime() + ".zip");
    BundleArchive.zip(bundle, zip);
    files.put("/bundles/" + id + ".zip", Files.readAllBytes(zip));
    return new DesiredModel("env-zscore", version, id, url("/bundles/" + id + ".zip"), BundleArchive.sha256(zip), "r1");
  }

  @Test
  void downloadsVerifiesAndServesTheDesiredBundleThenRollsBackToTheLocalCopy() throws Exception {
    String v1 = inference.runtime().serving().bundleId();
    DesiredModel v2 = published("2", HOT_RULES);
    agent.onDesired(v2.toJson());
    await().atMost(Duration.ofSeconds(20)).until(() -> "env-zscore@2".equals(serving()));
    assertThat(agent.state()).isEqualTo("serving");
    assertThat(models.resolve(v2.bundleId()).resolve("manifest.sig")).exists();
    try (var s = Files.list(models)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).isEmpty(); // staging cleaned up
    }

    // back to v1: no url, the gateway still holds it (folder env-zscore-1, found by its verified id)
    int before = requests.get();
    agent.onDesired(new DesiredModel("env-zscore", "1", v1, "", "", "r1-rollback").toJson());
    await().atMost(Duration.ofSeconds(20)).until(() -> "env-zscore@1".equals(serving()));
    assertThat(agent.state()).isEqualTo("serving");
    assertThat(requests.get()).isEqualTo(before);

    // and forward again: the downloaded folder is reused, nothing fetched
    agent.onDesired(v2.toJson());
    await().atMost(Duration.ofSeconds(20)).until(() -> "env-zscore@2".equals(serving()));
    assertThat(requests.get()).isEqualTo(before);
  }

  @Test
  void aTamperedBundleIsRefusedBySignatureAndTheCurrentModelKeepsServing() throws Exception {
    Path b = TestBundles.zscore(work.resolve("built"), "3", HOT_RULES);
    String id = TestBundles.VERIFIER.verify(b).id();
    Path rules = b.resolve(ModelKind.ZSCORE_FILE);
    Files.writeString(rules, Files.readString(rules).replace("\"max_z\":2", "\"max_z\":9")); // changed after signing
    DesiredModel d = archive(b, id, "3"); // archive hash matches what is served: only the signature catches it
    agent.onDesired(d.toJson());
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.state().equals("refused:file_mismatch"));
    assertThat(serving()).isEqualTo("env-zscore@1");
    assertThat(inference.runtime().metrics().refusedTotal("file_mismatch")).isEqualTo(1);
  }

  @Test
  void anArchiveThatIsNotTheAnnouncedOneIsNotUnpacked() throws Exception {
    DesiredModel d = published("2", HOT_RULES);
    DesiredModel other = published("4", TestBundles.ENV_RULES);
    files.put("/bundles/" + d.bundleId() + ".zip", files.get("/bundles/" + other.bundleId() + ".zip")); // swapped at the source
    agent.onDesired(d.toJson());
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.state().equals("failed:sha256_mismatch"));
    assertThat(serving()).isEqualTo("env-zscore@1");
    assertThat(models.resolve(d.bundleId())).doesNotExist();
  }

  @Test
  void anUnreachableSourceIsRetriedWithBackoffThenReportedWhileTheCurrentModelKeepsServing() throws Exception {
    DesiredModel d = published("2", HOT_RULES);
    statusOf.put("/bundles/" + d.bundleId() + ".zip", 503);
    agent.onDesired(d.toJson());
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.state().equals("failed:unreachable"));
    assertThat(requests.get()).isEqualTo(3); // edge.model.fetch.attempts
    assertThat(serving()).isEqualTo("env-zscore@1");

    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    DesiredModel nowhere = new DesiredModel("env-zscore", "2", d.bundleId(),
        "http://127.0.0.1:" + closedPort + "/bundles/" + d.bundleId() + ".zip", d.sha256(), "r2");
    agent.onDesired(nowhere.toJson());
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.state().equals("failed:unreachable"));
    assertThat(serving()).isEqualTo("env-zscore@1");

    // the source is back and the controller publishes again: served
    statusOf.clear();
    agent.onDesired(d.toJson());
    await().atMost(Duration.ofSeconds(20)).until(() -> "env-zscore@2".equals(serving()));
  }

  @Test
  void aMissingArchiveFailsAtOnceAndBadMessagesAreIgnored() throws Exception {
    DesiredModel d = published("2", HOT_RULES);
    files.clear();
    agent.onDesired(d.toJson());
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.state().equals("failed:http_404"));
    assertThat(requests.get()).isEqualTo(1);

    agent.onDesired("{\"name\":\"x\"}".getBytes());
    agent.onDesired("not json".getBytes());
    assertThat(agent.state()).isEqualTo("failed:http_404");
    assertThat(agent.desired()).isEqualTo(d);
    agent.onDesired(new byte[0]); // retained message cleared
    assertThat(agent.desired()).isNull();
    assertThat(agent.state()).isEqualTo("serving");
    assertThat(serving()).isEqualTo("env-zscore@1");
  }
}
