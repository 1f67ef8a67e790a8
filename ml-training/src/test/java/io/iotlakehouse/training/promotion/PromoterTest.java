package io.iotlakehouse.training.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.registry.ExperimentTracker.MetricPoint;
import io.iotlakehouse.registry.ExperimentTracker.TrackedRun;
import io.iotlakehouse.registry.ModelRegistry;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.RegistryException;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.mlflow.MlflowTracker;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.edge.ModelBundle;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureExtractor;
import io.iotlakehouse.training.features.FeatureOptions;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.features.RulLabels;
import io.iotlakehouse.training.model.FeatureMatrix;
import io.iotlakehouse.training.model.XgbModels;
import io.iotlakehouse.training.model.XgbParams;
import io.iotlakehouse.training.retrain.RetrainJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate and the override against the local MLflow-compatible server, with a real (small) edge bundle. */
class PromoterTest {
  private static final PromotionGate.Policy POLICY = new PromotionGate.Policy(0.02, 20_000_000, 1e6);

  @TempDir
  static Path dir;
  private static MlflowCompatibleServer server;
  private static MlflowTracker tracker;
  private static MlflowModelRegistry registry;
  private static Promoter promoter;
  private static Path bundle;

  @BeforeAll
  static void start() throws Exception {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dir.resolve("mlflow"));
    tracker = new MlflowTracker(server.uri());
    registry = new MlflowModelRegistry(server.uri());
    promoter = new Promoter(registry, tracker, dir.resolve("gate"), Clock.systemUTC());
    List<EngineSeries> train = TestData.fd001().subList(0, 10);
    FeatureSpec spec = FeatureSpec.fit(train, FeatureOptions.defaults());
    List<double[]> rows = new ArrayList<>();
    List<Double> rul = new ArrayList<>();
    for (EngineSeries e : train) {
      rows.addAll(Arrays.asList(FeatureExtractor.transform(spec, e)));
      Arrays.stream(RulLabels.piecewiseLinear(e, 0, 125)).forEach(rul::add);
    }
    Booster model = XgbModels.train(FeatureMatrix.of(rows, rul.stream().mapToDouble(d -> d).toArray()),
        new XgbParams(3, 0.3, 10, 0.8, 0.5, 5), XgbParams.Objective.REGRESSION, 1, 1);
    bundle = dir.resolve("bundle");
    ModelBundle.write(bundle, model, model, spec);
    model.dispose();
  }

  @AfterAll
  static void stop() {
    registry.close();
    tracker.close();
    server.stop();
  }

  @Test
  void gatePromotesRejectsAndRecordsEveryDecision() {
    String model = "gate-flow";
    String v1 = candidate(model, 20.0, null);
    Promoter.Outcome first = promoter.gate(model, v1, POLICY);
    assertThat(first.decision()).isEqualTo("promoted");
    assertThat(registry.getByAlias(model, Promoter.CHAMPION).version()).isEqualTo(v1);
    assertThat(registry.version(model, v1).tags()).containsEntry(Promoter.DECISION_TAG, "promoted")
        .containsKey(Promoter.TIME_TAG);

    String v2 = candidate(model, 19.8, v1); // 1% better: under the 2% margin
    Promoter.Outcome second = promoter.gate(model, v2, POLICY);
    assertThat(second.decision()).isEqualTo("rejected");
    assertThat(second.reason()).contains("does not beat the champion's 20.0000");
    assertThat(registry.getByAlias(model, Promoter.CHAMPION).version()).isEqualTo(v1);
    assertThat(registry.version(model, v2).tags()).containsEntry(Promoter.DECISION_TAG, "rejected")
        .containsEntry(Promoter.REASON_TAG, second.reason());

    String v3 = candidate(model, 15.0, v1);
    assertThat(promoter.gate(model, v3, POLICY).decision()).isEqualTo("promoted");
    assertThat(registry.getByAlias(model, Promoter.CHAMPION).version()).isEqualTo(v3);
    assertThat(registry.version(model, v1).tags()).containsEntry(Promoter.REPLACED_BY_TAG, v3);
    assertThat(promoter.gate(model, v3, POLICY).decision()).isEqualTo("unchanged");

    // compared with v1, but v3 is the champion now: stale evidence
    String v4 = candidate(model, 10.0, v1);
    assertThat(promoter.gate(model, v4, POLICY).reason()).contains("champion changed");

    String v5 = candidate(model, 10.0, v3);
    assertThat(promoter.gate(model, v5, new PromotionGate.Policy(0.02, 100, 1e6)).reason())
        .contains("above ml.gate.max-model-bytes = 100");
    assertThat(registry.getByAlias(model, Promoter.CHAMPION).version()).isEqualTo(v3);
  }

  @Test
  void overrideNeedsAReasonAndRecordsIt() {
    String model = "gate-override";
    String v1 = candidate(model, 20.0, null);
    String v2 = candidate(model, 30.0, null);
    promoter.gate(model, v1, POLICY);
    assertThatThrownBy(() -> promoter.override(model, v2, " ")).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("needs a reason");
    assertThat(registry.getByAlias(model, Promoter.CHAMPION).version()).isEqualTo(v1);

    Promoter.Outcome o = promoter.override(model, v2, "rollback drill, ticket OPS-12");
    assertThat(o.previousChampion()).isEqualTo(v1);
    assertThat(registry.getByAlias(model, Promoter.CHAMPION).version()).isEqualTo(v2);
    assertThat(registry.version(model, v2).tags()).containsEntry(Promoter.DECISION_TAG, "override")
        .containsEntry(Promoter.REASON_TAG, "rollback drill, ticket OPS-12");
    assertThatThrownBy(() -> promoter.override(model, "99", "x")).isInstanceOf(RegistryException.class);
  }

  /** A training run as the retrain job logs it (holdout metrics, the champion it was compared with), registered. */
  private static String candidate(String model, double rmse, String comparedWith) {
    String experiment = tracker.experiment(model);
    TrackedRun run = tracker.startRun(experiment, model + "-run", Map.of());
    List<MetricPoint> metrics = new ArrayList<>(List.of(new MetricPoint("holdout_rmse", rmse, 0)));
    Map<String, String> tags = new HashMap<>();
    if (comparedWith != null) {
      metrics.add(new MetricPoint("champion_holdout_rmse", 20.0, 0));
      tags.put(RetrainJob.CHAMPION_VERSION_TAG, comparedWith);
    }
    tracker.log(run.runId(), Map.of(), metrics, tags);
    tracker.uploadArtifacts(run, "model", bundle);
    tracker.endRun(run.runId(), "FINISHED");
    RegisteredVersion v = registry.registerVersion(model, run.runId(), run.artifactUri() + "/model", Map.of());
    assertThat(v.tags()).containsKey(ModelRegistry.TRAINING_RUN_TAG);
    return v.version();
  }
}
