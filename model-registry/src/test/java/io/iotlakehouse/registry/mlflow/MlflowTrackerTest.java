package io.iotlakehouse.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.registry.ExperimentTracker.MetricPoint;
import io.iotlakehouse.registry.ExperimentTracker.TrackedRun;
import io.iotlakehouse.registry.RegistryException;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracking adapter against the local MLflow-compatible server, read back through REST. */
class MlflowTrackerTest {
  private static MlflowCompatibleServer server;
  private static MlflowTracker tracker;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir);
    tracker = new MlflowTracker(server.uri());
  }

  @AfterAll
  static void stop() {
    tracker.close();
    server.stop();
  }

  @Test
  void experimentIsCreatedOnceAndFoundByName() {
    String id = tracker.experiment("tracker-experiment");
    assertThat(tracker.experiment("tracker-experiment")).isEqualTo(id);
    assertThat(tracker.experiment("tracker-other")).isNotEqualTo(id);
  }

  @Test
  void paramsMetricsWithStepsAndTagsBeyondOneBatch() {
    String exp = tracker.experiment("tracker-logging");
    TrackedRun run = tracker.startRun(exp, "r1", Map.of("lakehouse.month", "2026-11"));
    Map<String, String> params = new LinkedHashMap<>();
    IntStream.range(0, 150).forEach(i -> params.put("p" + i, Integer.toString(i)));
    List<MetricPoint> curve = new ArrayList<>();
    IntStream.range(0, 1200).forEach(i -> curve.add(new MetricPoint("train_rmse", 100.0 / (i + 1), i)));
    curve.add(new MetricPoint("holdout_rmse", 12.5, 0));

    tracker.log(run.runId(), params, curve, Map.of("beats_champion", "true"));
    tracker.log(run.runId(), Map.of("p0", "0"), List.of(), Map.of()); // the same value again is harmless
    tracker.endRun(run.runId(), "FINISHED");

    TrackedRun back = tracker.run(run.runId());
    assertThat(back.status()).isEqualTo("FINISHED");
    assertThat(back.params()).hasSize(150).containsEntry("p149", "149");
    assertThat(back.tags()).containsEntry("beats_champion", "true").containsEntry("lakehouse.month", "2026-11");
    assertThat(back.metrics()).containsEntry("holdout_rmse", 12.5).containsEntry("train_rmse", 100.0 / 1200);
    List<MetricPoint> history = tracker.metricHistory(run.runId(), "train_rmse");
    assertThat(history).hasSize(1200);
    assertThat(history.get(0)).isEqualTo(new MetricPoint("train_rmse", 100.0, 0));
    assertThat(history.get(1199).step()).isEqualTo(1199);
  }

  @Test
  void runsAreFoundByTagOldestFirst() {
    String exp = tracker.experiment("tracker-find");
    TrackedRun a = tracker.startRun(exp, "a", Map.of("lakehouse.month", "2026-10"));
    TrackedRun b = tracker.startRun(exp, "b", Map.of("lakehouse.month", "2026-11"));
    TrackedRun c = tracker.startRun(exp, "c", Map.of("lakehouse.month", "2026-11"));

    assertThat(tracker.findRuns(exp, "lakehouse.month", "2026-11")).extracting(TrackedRun::runId)
        .containsExactly(b.runId(), c.runId());
    assertThat(tracker.findRuns(exp, "lakehouse.month", "2026-10")).extracting(TrackedRun::runId)
        .containsExactly(a.runId());
    assertThat(tracker.findRuns(exp, "lakehouse.month", "2026-12")).isEmpty();
  }

  @Test
  void artifactsGoThroughTheProxyAndCanBeListedAndDownloaded(@TempDir Path dir) throws Exception {
    String exp = tracker.experiment("tracker-artifacts");
    TrackedRun run = tracker.startRun(exp, "files", Map.of());
    Path model = Files.createDirectories(dir.resolve("bundle/nested"));
    Files.writeString(dir.resolve("bundle/a.json"), "{\"a\":1}");
    Files.write(model.resolve("b.bin"), new byte[] {0, 1, 2, (byte) 255});
    Path plot = Files.writeString(dir.resolve("plot.png"), "not really a png");

    tracker.uploadArtifacts(run, "model", dir.resolve("bundle"));
    tracker.uploadArtifact(run, "evaluation.png", plot);

    assertThat(tracker.listArtifacts(run))
        .containsExactlyInAnyOrder("model/a.json", "model/nested/b.bin", "evaluation.png");
    String path = RawHttp.proxyPath(run.artifactUri()) + "/model/nested/b.bin";
    HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.uri() + "/api/2.0/mlflow-artifacts/artifacts/" + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).containsExactly(0, 1, 2, (byte) 255);
  }

  @Test
  void aFileUrlIsRefusedWithAnExplanation() {
    assertThatThrownBy(() -> new MlflowTracker(URI.create("file:///tmp/mlruns")))
        .isInstanceOf(RegistryException.class).hasMessageContaining("http(s) URL of an MLflow server");
  }
}
