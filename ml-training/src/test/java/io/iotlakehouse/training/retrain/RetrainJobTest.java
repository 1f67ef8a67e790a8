package io.iotlakehouse.training.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.mlflow.MlflowTracker;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.VersionPins;
import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.model.XgbParams;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain job end to end on a small gold table, against the MLflow-compatible server started in this JVM; every
 * check reads MLflow back through its REST API.
 */
class RetrainJobTest {
  static final int ROUNDS = 25;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static MlflowCompatibleServer server;
  private static String gold;
  private static RetrainSettings settings;
  private static VersionPins pins;
  private static final List<LineageEvent> lineage = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dir.resolve("mlflow"));
    gold = dir.resolve("lake/gold/turbofan_health").toString();
    GoldFixture.append(gold, devices(7, 3));
    settings = settings(gold);
    pins = new VersionPins(GoldFixture.spark(), new Lake(dir.resolve("lake").toString()));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  /** Settings for a small, quick run: 25 rounds, holdout 25%, engines silent for an hour have failed. */
  static RetrainSettings settings(String goldTable) {
    return new RetrainSettings(goldTable, "turbofan-rul", "turbofan-failure", 25, Duration.ofHours(1),
        XgbParams.defaults().withRounds(ROUNDS), 1, 500, 42, RetrainSettings.RUL_CAP,
        RetrainSettings.FAILURE_HORIZON);
  }

  /**
   * {@code train} training and {@code holdout} holdout devices replaying FD001 engines that ran to failure a day
   * ago, plus one training device still reporting (censored).
   */
  static List<GoldFixture.Device> devices(int train, int holdout) {
    List<EngineSeries> engines = TestData.fd001();
    Instant failedStart = Instant.now().minus(Duration.ofDays(1));
    List<GoldFixture.Device> out = new ArrayList<>();
    int trainCount = 0;
    int holdoutCount = 0;
    for (int i = 1; trainCount + holdoutCount < train + holdout + 1; i++) {
      String id = String.format("turbofan-%03d", i);
      boolean inHoldout = EngineRows.inHoldout(id, 25);
      EngineSeries engine = engines.get(out.size());
      if (!inHoldout && trainCount == train) { // the last training device is still running
        out.add(new GoldFixture.Device(id, engine.prefix(engine.length() - 10), Instant.now()
            .minusSeconds(engine.length())));
        trainCount++;
      } else if (inHoldout ? holdoutCount < holdout : trainCount < train) {
        out.add(new GoldFixture.Device(id, engine, failedStart));
        if (inHoldout) {
          holdoutCount++;
        } else {
          trainCount++;
        }
      }
    }
    return out;
  }

  @Test
  void logsTheRunRegistersAChallengerAndRerunningTheMonthCreatesNothing() throws Exception {
    YearMonth month = YearMonth.now(ZoneOffset.UTC);
    RetrainResult first = retrain(month);

    assertThat(first.reused()).isFalse();
    assertThat(first.goldVersion()).isZero();
    assertThat(first.models()).extracting(RetrainResult.ModelResult::version).containsExactly("1", "1");
    RetrainResult.ModelResult rul = first.models().get(0);
    assertThat(rul.metrics().get("holdout_rmse")).isBetween(1.0, 60.0);
    assertThat(first.models().get(1).metrics().get("holdout_auc")).isGreaterThan(0.8);

    JsonNode runs = searchRuns("turbofan-rul", month);
    assertThat(runs).hasSize(1);
    JsonNode run = runs.get(0);
    assertThat(run.at("/info/status").asText()).isEqualTo("FINISHED");
    assertThat(run.at("/info/run_id").asText()).isEqualTo(rul.runId());
    assertThat(param(run, "gold_table_version")).isEqualTo("0");
    assertThat(param(run, "gold_table")).isEqualTo(gold);
    assertThat(param(run, "rounds")).isEqualTo(Integer.toString(ROUNDS));
    assertThat(param(run, "feature_count")).isEqualTo("91");
    assertThat(tag(run, RetrainJob.GOLD_VERSION_TAG)).isEqualTo("0");
    assertThat(tag(run, RetrainJob.BEATS_CHAMPION_TAG)).isEqualTo("no champion");
    JsonNode history = get("/api/2.0/mlflow/metrics/get-history?run_id=" + rul.runId() + "&metric_key=train_rmse")
        .path("metrics");
    assertThat(history).hasSize(ROUNDS);
    assertThat(history.get(0).path("value").asDouble()).isGreaterThan(history.get(ROUNDS - 1).path("value").asDouble());
    assertThat(get("/api/2.0/mlflow/metrics/get-history?run_id=" + rul.runId() + "&metric_key=eval_rmse")
        .path("metrics")).hasSize(ROUNDS);
    assertThat(artifacts(run.at("/info/artifact_uri").asText(), "")).containsExactlyInAnyOrder(
        "evaluation.png", "features.txt", "model");
    assertThat(artifacts(run.at("/info/artifact_uri").asText(), "model")).containsExactlyInAnyOrder(
        "model/rul-model.json", "model/failure-model.json", "model/feature-spec.json");
    byte[] png = download(run.at("/info/artifact_uri").asText() + "/evaluation.png");
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    String features = new String(download(run.at("/info/artifact_uri").asText() + "/features.txt"),
        StandardCharsets.UTF_8);
    assertThat(features.lines()).hasSize(91).contains("cycle");

    assertThat(pins.pins(null)).extracting(VersionPins.Pin::table, VersionPins.Pin::version, VersionPins.Pin::pinnedBy)
        .containsExactly(tuple("gold/turbofan_health", 0L, "retrain-" + month));
    // per model: gold at version 0 -> <model>-<month> -> the registered version 1, under the MLflow run id
    assertThat(lineage).extracting(LineageEvent::jobName).containsExactly("retrain-turbofan-rul-dataset",
        "retrain-turbofan-rul", "retrain-turbofan-failure-dataset", "retrain-turbofan-failure");
    assertThat(lineage.get(0).inputs()).singleElement().satisfies(d -> {
      assertThat(d.name()).endsWith("/lake/gold/turbofan_health");
      assertThat(d.version()).isEqualTo("0");
    });
    assertThat(lineage.get(0).outputs()).extracting(LineageDataset::name).containsExactly("turbofan-rul-" + month);
    assertThat(lineage.get(1).outputs()).extracting(LineageDataset::name).containsExactly("turbofan-rul/1");
    assertThat(lineage.get(1).runId()).isEqualTo(rul.runId());
    lineage.clear();

    RetrainResult again = retrain(month);

    assertThat(again.reused()).isTrue();
    assertThat(again.models()).isEqualTo(first.models().stream().map(m -> new RetrainResult.ModelResult(m.name(),
        m.runId(), m.version(), again.models().get(first.models().indexOf(m)).metrics())).toList());
    assertThat(searchRuns("turbofan-rul", month)).hasSize(1);
    assertThat(searchRuns("turbofan-failure", month)).hasSize(1);
    assertThat(pins.pins(null)).hasSize(1);
    assertThat(lineage).hasSize(4); // recorded again: lineage lost on the first run (Kafka down) is not lost for good
    try (MlflowModelRegistry registry = new MlflowModelRegistry(server.uri())) {
      for (String model : List.of("turbofan-rul", "turbofan-failure")) {
        List<RegisteredVersion> versions = registry.searchVersions("name = '" + model + "'");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).tag(RetrainJob.MONTH_TAG)).contains(month.toString());
        assertThat(registry.getByAlias(model, RetrainJob.CHALLENGER).version()).isEqualTo("1");
      }
    }
  }

  private static RetrainResult retrain(YearMonth month) throws Exception {
    try (MlflowTracker tracker = new MlflowTracker(server.uri());
        MlflowModelRegistry registry = new MlflowModelRegistry(server.uri())) {
      return new RetrainJob(GoldFixture.spark(), settings, tracker, registry, pins, lineage::add, m -> { })
          .run(month, null);
    }
  }

  private static JsonNode searchRuns(String experimentName, YearMonth month) throws Exception {
    String id = get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + experimentName)
        .at("/experiment/experiment_id").asText();
    String body = JSON.createObjectNode().put("filter", "tags.`lakehouse.month` = '" + month + "'")
        .set("experiment_ids", JSON.createArrayNode().add(id)).toString();
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/2.0/mlflow/runs/search"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).path("runs");
  }

  static JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String param(JsonNode run, String key) {
    for (JsonNode p : run.at("/data/params")) {
      if (p.path("key").asText().equals(key)) {
        return p.path("value").asText();
      }
    }
    return null;
  }

  private static String tag(JsonNode run, String key) {
    for (JsonNode t : run.at("/data/tags")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  /** Names listed by the artifact proxy under the run's artifact root + {@code sub}, relative to the root. */
  private static List<String> artifacts(String artifactUri, String sub) throws Exception {
    String root = URI.create(artifactUri).getPath().replaceAll("^/+", "");
    String path = sub.isEmpty() ? root : root + "/" + sub;
    JsonNode files = get("/api/2.0/mlflow-artifacts/artifacts?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
        .path("files");
    List<String> out = new ArrayList<>();
    files.forEach(f -> out.add(sub.isEmpty() ? f.path("path").asText() : sub + "/" + f.path("path").asText()));
    return out;
  }

  private static byte[] download(String artifactUri) throws Exception {
    String path = URI.create(artifactUri).getPath().replaceAll("^/+", "");
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri()
        + "/api/2.0/mlflow-artifacts/artifacts/" + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
