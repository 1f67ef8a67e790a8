package io.iotlakehouse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/** The MLflow Java client (which quotes int64s, uses enums, pages) works against the server unchanged. */
class MlflowJavaClientCompatibilityTest {
  private static MlflowCompatibleServer server;
  private static MlflowClient client;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir);
    client = new MlflowClient(server.uri().toString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.stop();
  }

  @Test
  void trackingCallsRoundTrip() {
    String experimentId = client.createExperiment("client-compat");
    assertThat(client.getExperimentByName("client-compat")).map(Experiment::getExperimentId).contains(experimentId);
    client.setExperimentTag(experimentId, "team", "ml");

    RunInfo info = client.createRun(CreateRun.newBuilder().setExperimentId(experimentId).setStartTime(1000L)
        .setRunName("train").addTags(RunTag.newBuilder().setKey("stage").setValue("dev")).build());
    String runId = info.getRunId();
    client.logParam(runId, "lr", "0.01");
    client.logMetric(runId, "loss", 0.5, 2000L, 0L);
    client.logMetric(runId, "loss", 0.25, 3000L, 1L);
    client.logBatch(runId, List.of(Metric.newBuilder().setKey("acc").setValue(0.9).setTimestamp(4000L).setStep(1)
        .build()), List.of(Param.newBuilder().setKey("epochs").setValue("3").build()),
        List.of(RunTag.newBuilder().setKey("framework").setValue("xgboost").build()));
    client.setTerminated(runId, RunStatus.FINISHED, 5000L);

    Run run = client.getRun(runId);
    assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.getInfo().getEndTime()).isEqualTo(5000L);
    assertThat(run.getInfo().getArtifactUri()).isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId
        + "/artifacts");
    assertThat(run.getData().getMetricsList()).extracting(Metric::getKey, Metric::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("loss", 0.25), org.assertj.core.groups.Tuple.tuple("acc", 0.9));
    assertThat(run.getData().getParamsList()).extracting(Param::getKey).containsExactly("lr", "epochs");
    assertThat(run.getData().getTagsList()).extracting(RunTag::getKey)
        .containsExactly("stage", "mlflow.runName", "framework");
    assertThat(client.getMetricHistory(runId, "loss")).extracting(Metric::getValue).containsExactly(0.5, 0.25);
    assertThat(client.searchRuns(List.of(experimentId), "metrics.acc > 0.8 and params.lr = '0.01'"))
        .extracting(RunInfo::getRunId).containsExactly(runId);
    assertThat(client.searchExperiments("name = 'client-compat'").getItems()).hasSize(1);

    client.deleteRun(runId);
    assertThat(client.searchRuns(List.of(experimentId), "", ViewType.DELETED_ONLY)).hasSize(1);
    client.restoreRun(runId);
    assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("active");
    assertThatThrownBy(() -> client.logParam(runId, "lr", "0.02")).isInstanceOf(MlflowHttpException.class)
        .hasMessageContaining("Changing param values is not allowed");
  }

  @Test
  void registryReadsRoundTrip() {
    client.sendPost("registered-models/create", "{\"name\": \"client-model\"}");
    client.sendPost("model-versions/create", "{\"name\": \"client-model\", \"source\": \"mlflow-artifacts:/0/r/a\"}");
    client.sendPost("model-versions/create", "{\"name\": \"client-model\", \"source\": \"mlflow-artifacts:/0/r/b\"}");

    assertThat(client.getRegisteredModel("client-model").getLatestVersionsList()).extracting(ModelVersion::getVersion)
        .containsExactly("2");
    assertThat(client.getModelVersion("client-model", "1").getSource()).isEqualTo("mlflow-artifacts:/0/r/a");
    assertThat(client.getModelVersionDownloadUri("client-model", "2")).isEqualTo("mlflow-artifacts:/0/r/b");
    assertThat(client.searchModelVersions("name = 'client-model'").getItems()).extracting(ModelVersion::getVersion)
        .containsExactly("2", "1");
    assertThat(client.getLatestVersions("client-model", List.of("None"))).extracting(ModelVersion::getVersion)
        .containsExactly("2");
  }
}
