package io.iotlakehouse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.registry.contract.ContractReplayer;
import io.iotlakehouse.registry.contract.Mismatch;
import io.iotlakehouse.registry.contract.ReplayResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays the recorded MLflow 2.7.1 exchanges against the local server. */
class MlflowCompatibleServerContractTest {
  private static final int RECORDED_EXCHANGES = 175;

  @TempDir
  Path dataDir;

  private MlflowCompatibleServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void everyRecordedExchangeMatchesOnAFreshServer() {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir);

    ReplayResult result = new ContractReplayer(server.uri()).replay();

    assertThat(result.exchanges()).isEqualTo(RECORDED_EXCHANGES);
    assertThat(result.mode()).isEqualTo("fresh");
    assertThat(result.mismatches()).as(describe(result)).isEmpty();
    assertThat(result.matched()).isEqualTo(RECORDED_EXCHANGES);
    assertThat(result.toJson()).startsWith("{\"exchanges\":175,\"matched\":175,");
  }

  @Test
  void aSecondReplayOnTheSameServerAlsoMatches() {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir);

    ReplayResult first = new ContractReplayer(server.uri()).replay();
    ReplayResult second = new ContractReplayer(server.uri()).replay();

    assertThat(first.mismatches()).as(describe(first)).isEmpty();
    assertThat(second.mode()).isEqualTo("shared");
    assertThat(second.namePrefix()).isNotEqualTo(first.namePrefix());
    assertThat(second.mismatches()).as(describe(second)).isEmpty();
    assertThat(second.matched()).isEqualTo(RECORDED_EXCHANGES);
  }

  @Test
  void dataSurvivesARestartOnTheSameDataDirectory() throws Exception {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir);
    ReplayResult result = new ContractReplayer(server.uri()).replay();
    assertThat(result.mismatches()).as(describe(result)).isEmpty();
    String experiment = result.namePrefix() + "contract-exp-renamed";
    String model = result.namePrefix() + "contract-model";
    String experimentJson = get(server.uri(), "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + experiment);
    String runsJson = post(server.uri(), "/api/2.0/mlflow/runs/search", "{\"experiment_ids\": [\""
        + experimentId(experimentJson) + "\"], \"filter\": \"attributes.run_name = 'train-1'\"}");
    server.stop();

    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir);

    assertThat(get(server.uri(), "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + experiment))
        .isEqualTo(experimentJson);
    assertThat(post(server.uri(), "/api/2.0/mlflow/runs/search", "{\"experiment_ids\": [\""
        + experimentId(experimentJson) + "\"], \"filter\": \"attributes.run_name = 'train-1'\"}")).isEqualTo(runsJson)
        .contains("\"key\":\"accuracy\",\"value\":0.93");
    assertThat(get(server.uri(), "/api/2.0/mlflow/registered-models/alias?name=" + model + "&alias=champion"))
        .contains("\"version\":\"3\"", "\"aliases\":[\"champion\"]");
    assertThat(get(server.uri(), "/api/2.0/mlflow/model-versions/get?name=" + model + "&version=1"))
        .contains("\"description\":\"first version, updated\"", "\"current_stage\":\"Staging\"");
  }

  private static String experimentId(String experimentJson) {
    return experimentJson.replaceAll(".*\"experiment_id\":\"(\\d+)\".*", "$1");
  }

  private static String get(URI base, String pathAndQuery) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String post(URI base, String path, String json) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String describe(ReplayResult result) {
    return result.mismatches().stream().map(Mismatch::toString).collect(Collectors.joining("\n", "mismatches:\n", ""));
  }
}
