package io.iotlakehouse.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.registry.ModelRegistry;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.RegistryException;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.tracking.MlflowClient;

/** The adapter against the local MLflow-compatible server. */
class MlflowModelRegistryTest {
  private static MlflowCompatibleServer server;
  private static MlflowClient tracking;
  private static ModelRegistry registry;
  private static int models;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir);
    tracking = new MlflowClient(server.uri().toString());
    registry = new MlflowModelRegistry(server.uri());
  }

  @AfterAll
  static void stop() {
    registry.close();
    tracking.close();
    server.stop();
  }

  @Test
  void registeringTheSameTrainingRunTwiceGivesOneVersion() {
    String model = newModel();
    RunInfo run = newRun();
    String source = run.getArtifactUri() + "/model";

    RegisteredVersion first = registry.registerVersion(model, run.getRunId(), source, Map.of("accuracy", "0.93"));
    RegisteredVersion again = registry.registerVersion(model, run.getRunId(), source, Map.of("accuracy", "0.93"));

    assertThat(first.version()).isEqualTo("1");
    assertThat(again.version()).isEqualTo("1");
    assertThat(first.trainingRunId()).contains(run.getRunId());
    assertThat(first.tag("accuracy")).contains("0.93");
    assertThat(first.source()).isEqualTo(source);
    assertThat(registry.searchVersions("name = '" + model + "'")).hasSize(1);
    assertThat(registry.registerVersion(model, newRun().getRunId(), source, Map.of()).version()).isEqualTo("2");
  }

  @Test
  void aliasesMoveAndResolve() {
    String model = newModel();
    String v1 = registry.registerVersion(model, newRun().getRunId(), "mlflow-artifacts:/x/1", Map.of()).version();
    String v2 = registry.registerVersion(model, newRun().getRunId(), "mlflow-artifacts:/x/2", Map.of()).version();

    registry.setAlias(model, "champion", v1);
    registry.setAlias(model, "challenger", v2);
    registry.setAlias(model, "champion", v2);

    RegisteredVersion champion = registry.getByAlias(model, "champion");
    assertThat(champion.version()).isEqualTo(v2);
    assertThat(champion.aliases()).containsExactlyInAnyOrder("champion", "challenger");
    registry.deleteAlias(model, "challenger");
    registry.deleteAlias(model, "challenger");
    assertThat(registry.version(model, v2).aliases()).containsExactly("champion");
  }

  @Test
  void tagsAreSetOnVersions() {
    String model = newModel();
    String v = registry.registerVersion(model, newRun().getRunId(), "mlflow-artifacts:/x", Map.of()).version();

    registry.setTag(model, v, "validated", "true");
    registry.setTag(model, v, "validated", "false");

    assertThat(registry.version(model, v).tag("validated")).contains("false");
  }

  @Test
  void unknownModelVersionAndAliasGiveClearErrors() {
    String model = newModel();
    registry.registerVersion(model, newRun().getRunId(), "mlflow-artifacts:/x", Map.of());

    assertThatThrownBy(() -> registry.getByAlias(model, "champion"))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
            .isEqualTo(RegistryException.Reason.ALIAS_NOT_FOUND))
        .hasMessage("Model '" + model + "' has no alias 'champion' (MLflow: Registered model alias champion not "
            + "found.). No version has been promoted to it yet; point it at a version with setAlias(\"" + model
            + "\", \"champion\", <version>).");
    assertThatThrownBy(() -> registry.getByAlias("no-such-model", "champion"))
        .hasMessageStartingWith("Registered model 'no-such-model' does not exist");
    assertThatThrownBy(() -> registry.version(model, "42"))
        .hasMessageStartingWith("Model '" + model + "' has no version 42 (MLflow: Model Version (name=" + model
            + ", version=42) not found).");
    assertThatThrownBy(() -> registry.version("no-such-model", "1"))
        .hasMessageStartingWith("Registered model 'no-such-model' does not exist");
    assertThatThrownBy(() -> registry.setAlias(model, "ghost", "42"))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
            .isEqualTo(RegistryException.Reason.VERSION_NOT_FOUND));
    assertThatThrownBy(() -> registry.setAlias(model, "v1", "1"))
        .hasMessageContaining("Version alias name 'v1' is reserved.");
    assertThatThrownBy(() -> registry.registerVersion(model, "r", "runs:/abc/model", Map.of()))
        .hasMessageContaining("runs:/ URIs cannot be downloaded through the artifact proxy");
  }

  @Test
  void downloadsEveryFileOfAVersionThroughTheArtifactProxy(@TempDir Path target) throws Exception {
    RunInfo run = newRun();
    String root = run.getArtifactUri().substring("mlflow-artifacts:/".length());
    byte[] weights = new byte[70_000];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (byte) (i * 31);
    }
    upload(root + "/model/MLmodel", "flavors: {}\n".getBytes(StandardCharsets.UTF_8));
    upload(root + "/model/data/weights.bin", weights);
    upload(root + "/other/ignored.txt", "not part of the model".getBytes(StandardCharsets.UTF_8));
    RegisteredVersion version = registry.registerVersion(newModel(), run.getRunId(), run.getArtifactUri() + "/model",
        Map.of());

    Path downloaded = registry.downloadArtifacts(version, target.resolve("bundle"));

    assertThat(downloaded.resolve("MLmodel")).hasContent("flavors: {}");
    assertThat(Files.readAllBytes(downloaded.resolve("data/weights.bin"))).isEqualTo(weights);
    assertThat(downloaded.resolve("ignored.txt")).doesNotExist();
    RegisteredVersion elsewhere = new RegisteredVersion("m", "1", "", "s3://bucket/model", "None", "", Map.of(),
        java.util.List.of(), 0, 0);
    assertThatThrownBy(() -> registry.downloadArtifacts(elsewhere, target.resolve("x")))
        .hasMessageContaining("only mlflow-artifacts: URIs are served by the MLflow artifact proxy");
  }

  private static String newModel() {
    return "adapter-test-model-" + (++models);
  }

  private static RunInfo newRun() {
    String experiment = tracking.getExperimentByName("adapter-test")
        .map(e -> e.getExperimentId()).orElseGet(() -> tracking.createExperiment("adapter-test"));
    return tracking.createRun(experiment);
  }

  private static void upload(String proxyPath, byte[] content) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.uri() + "/api/2.0/mlflow-artifacts/artifacts/" + proxyPath))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
