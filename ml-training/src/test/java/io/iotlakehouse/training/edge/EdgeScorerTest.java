package io.iotlakehouse.training.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureExtractor;
import io.iotlakehouse.training.features.FeatureOptions;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.features.RulLabels;
import io.iotlakehouse.training.model.FeatureMatrix;
import io.iotlakehouse.training.model.XgbModels;
import io.iotlakehouse.training.model.XgbParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EdgeScorerTest {

  static FeatureSpec spec;
  static Booster regressor;
  static Booster classifier;
  static List<EngineSeries> unseen;

  @TempDir
  static Path dir;

  @BeforeAll
  static void train() {
    List<EngineSeries> engines = TestData.fd001();
    List<EngineSeries> train = engines.subList(0, 20);
    unseen = engines.subList(90, 100);
    spec = FeatureSpec.fit(train, FeatureOptions.defaults());
    List<double[]> rows = new ArrayList<>();
    List<Double> rul = new ArrayList<>();
    List<Double> fail = new ArrayList<>();
    for (EngineSeries e : train) {
      rows.addAll(Arrays.asList(FeatureExtractor.transform(spec, e)));
      Arrays.stream(RulLabels.piecewiseLinear(e, 0, 125)).forEach(rul::add);
      Arrays.stream(RulLabels.failsWithin(e, 0, 30)).forEach(fail::add);
    }
    XgbParams params = new XgbParams(3, 0.3, 20, 0.8, 0.5, 5);
    regressor = XgbModels.train(FeatureMatrix.of(rows, rul.stream().mapToDouble(d -> d).toArray()), params,
        XgbParams.Objective.REGRESSION, 1, 1);
    classifier = XgbModels.train(FeatureMatrix.of(rows, fail.stream().mapToDouble(d -> d).toArray()), params,
        XgbParams.Objective.BINARY, 1, 1);
  }

  @AfterAll
  static void dispose() {
    regressor.dispose();
    classifier.dispose();
  }

  @ParameterizedTest(name = "model file {0}")
  @ValueSource(strings = {"rul.json", "rul.ubj"})
  void matchesTheInProcessBoosterOnTheSameRows(String fileName) throws Exception {
    Path model = dir.resolve(fileName);
    Path specFile = dir.resolve("spec-" + fileName + ".json");
    regressor.saveModel(model.toString());
    spec.write(specFile);

    try (EdgeScorer scorer = EdgeScorer.load(model, specFile)) {
      for (EngineSeries e : unseen) {
        double[][] rows = FeatureExtractor.transform(spec, e);
        double[] inProcess = XgbModels.predict(regressor, FeatureMatrix.of(rows));
        assertThat(scorer.rawRulPredictions(rows)).containsExactly(inProcess);
        assertThat(scorer.predictRul(e.cycles())).isEqualTo(Math.max(0, inProcess[inProcess.length - 1]));
      }
      assertThat(scorer.hasFailureModel()).isFalse();
      assertThat(scorer.failureProbability(unseen.get(0).cycles())).isEmpty();
    }
    if (fileName.endsWith(".json")) {
      assertThat(Files.readString(model)).startsWith("{");
    }
  }

  @Test
  void scoresFromTheRecentTailAsFromTheFullHistory() throws Exception {
    Path bundle = dir.resolve("bundle");
    ModelBundle.write(bundle, regressor, classifier, spec);

    try (EdgeScorer scorer = EdgeScorer.loadBundle(bundle)) {
      assertThat(scorer.hasFailureModel()).isTrue();
      for (EngineSeries e : unseen) {
        EdgeScorer.Score full = scorer.score(e.cycles());
        EdgeScorer.Score tail = scorer.score(e.tail(scorer.historyLength()).cycles());
        assertThat(tail).isEqualTo(full);
        assertThat(full.cycle()).isEqualTo(e.lastCycle());
        assertThat(full.rul()).isBetween(0.0, 200.0);
        assertThat(full.failureProbability()).isBetween(0.0, 1.0);
        double p = XgbModels.predict(classifier, FeatureMatrix.of(new double[][] {
            FeatureExtractor.lastRow(spec, e)}))[0];
        assertThat(full.failureProbability()).isEqualTo(p);
      }
      // run-to-failure engines: predicted RUL falls from the healthy phase to the end of life
      EngineSeries e = unseen.get(0);
      assertThat(scorer.predictRul(e.cycles())).isLessThan(scorer.predictRul(e.prefix(40).cycles()));
    }
  }

  @Test
  void refusesAModelAndSpecFromDifferentRuns() throws Exception {
    Path model = dir.resolve("mismatch.json");
    regressor.saveModel(model.toString());
    Path otherSpec = dir.resolve("other-spec.json");
    FeatureSpec.fit(TestData.fd001().subList(0, 20), FeatureOptions.defaults().withWindows(5, 10)).write(otherSpec);

    assertThatThrownBy(() -> EdgeScorer.load(model, otherSpec))
        .hasMessageContaining("expects " + spec.featureCount() + " features but the feature spec defines");
    assertThatThrownBy(() -> EdgeScorer.load(dir.resolve("missing.json"), otherSpec))
        .hasMessageContaining("does not exist");
  }
}
