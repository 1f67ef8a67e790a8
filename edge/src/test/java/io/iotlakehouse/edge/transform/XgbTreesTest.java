package io.iotlakehouse.edge.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.edge.inference.TestBundles;
import io.iotlakehouse.simulators.TurbofanReplay;
import io.iotlakehouse.training.edge.EdgeScorer;
import io.iotlakehouse.training.edge.ModelBundle;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureExtractor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XgbTreesTest {
  /** Every cycle of ten FD001 engines the model never saw, as feature rows. */
  static double[][] rows(EdgeScorer scorer) {
    return TurbofanReplay.fd001().entrySet().stream().skip(60).limit(10)
        .map(e -> new EngineSeries(e.getKey(), e.getValue().stream().map(TestBundles::record).toList()))
        .flatMap(e -> java.util.Arrays.stream(FeatureExtractor.transform(scorer.spec(), e))).toArray(double[][]::new);
  }

  @Test
  void predictsWhatXgboostPredictsForTheRegressorAndTheClassifier() throws Exception {
    Path dir = TestBundles.rulModelDir();
    XgbTrees rul = XgbTrees.parse(Files.readAllBytes(dir.resolve(ModelBundle.RUL_MODEL)));
    XgbTrees failure = XgbTrees.parse(Files.readAllBytes(dir.resolve(ModelBundle.FAILURE_MODEL)));
    assertThat(rul.treeCount()).isEqualTo(40);
    try (EdgeScorer scorer = EdgeScorer.loadBundle(dir)) {
      double[][] rows = rows(scorer);
      assertThat(rows.length).isGreaterThan(1500);
      double[] expected = scorer.rawRulPredictions(rows);
      Booster classifier = XGBoost.loadModel(dir.resolve(ModelBundle.FAILURE_MODEL).toString());
      float[] flat = new float[rows.length * rul.featureCount()];
      for (int r = 0; r < rows.length; r++) for (int c = 0; c < rul.featureCount(); c++) flat[r * rul.featureCount() + c] = (float) rows[r][c];
      float[][] probabilities = classifier.inplace_predict(flat, rows.length, rul.featureCount(), Float.NaN);
      classifier.dispose();
      double worstRul = 0;
      double worstP = 0;
      for (int r = 0; r < rows.length; r++) {
        worstRul = Math.max(worstRul, Math.abs(rul.predict(rows[r]) - expected[r]));
        worstP = Math.max(worstP, Math.abs(failure.predict(rows[r]) - probabilities[r][0]));
      }
      assertThat(worstRul).as("largest RUL difference, cycles").isLessThan(1e-3);
      assertThat(worstP).as("largest probability difference").isLessThan(1e-6);
      assertThat(java.util.Arrays.stream(expected).min().orElseThrow()).isLessThan(20); // the rows reach end of life
    }
  }

  @Test
  void aMissingValueTakesTheDefaultDirection() {
    XgbTrees t = XgbTrees.parse(model("reg:squarederror", "[1E0]", "[1, -1, -1]", "[2, -1, -1]", "[0, 0, 0]", "[0.5, 10, 20]",
        "[1, 0, 0]", "[0, 0, 0]").getBytes(StandardCharsets.UTF_8));
    assertThat(t.predict(new double[] {0.4})).isEqualTo(11.0);
    assertThat(t.predict(new double[] {0.5})).isEqualTo(21.0);
    assertThat(t.predict(new double[] {Double.NaN})).isEqualTo(11.0);
    assertThatThrownBy(() -> t.predict(new double[] {1, 2})).hasMessageContaining("row has 2 features, the model 1");
    XgbTrees p = XgbTrees.parse(model("binary:logistic", "[5E-1]", "[1, -1, -1]", "[2, -1, -1]", "[0, 0, 0]", "[0.5, -2, 3]",
        "[0, 0, 0]", "[0, 0, 0]").getBytes(StandardCharsets.UTF_8));
    assertThat(p.predict(new double[] {0})).isCloseTo(1 / (1 + Math.exp(2)), org.assertj.core.data.Offset.offset(1e-7));
    assertThat(p.predict(new double[] {Double.NaN})).isCloseTo(1 / (1 + Math.exp(-3)), org.assertj.core.data.Offset.offset(1e-7));
  }

  static String model(String objective, String base, String left, String right, String split, String cond, String defaultLeft,
      String type) {
    return "{\"learner\":{\"objective\":{\"name\":\"" + objective + "\"},\"gradient_booster\":{\"name\":\"gbtree\",\"model\":"
        + "{\"trees\":[{\"left_children\":" + left + ",\"right_children\":" + right + ",\"split_indices\":" + split
        + ",\"split_conditions\":" + cond + ",\"default_left\":" + defaultLeft + ",\"split_type\":" + type + "}]}},"
        + "\"learner_model_param\":{\"base_score\":\"" + base + "\",\"num_class\":\"0\",\"num_feature\":\"1\",\"num_target\":\"1\"}}}";
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      multi:softprob  | [1, -1, -1] | [2, -1, -1] | [0, 0, 0] | [0, 0, 0] | objective 'multi:softprob'
      reg:squarederror | [1, -1, -1] | [2, -1, -1] | [0, 0, 0] | [1, 0, 0] | categorical splits
      reg:squarederror | [0, -1, -1] | [2, -1, -1] | [0, 0, 0] | [0, 0, 0] | a malformed tree (node 0 of tree 0)
      reg:squarederror | [1, -1, -1] | [2, -1, -1] | [5, 0, 0] | [0, 0, 0] | a malformed tree
      """)
  void unsupportedOrMalformedModelsAreRefused(String objective, String left, String right, String split, String type, String message) {
    assertThatThrownBy(() -> XgbTrees.parse(model(objective, "[0E0]", left, right, split, "[0, 1, 2]", "[0, 0, 0]", type)
        .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    assertThatThrownBy(() -> XgbTrees.parse("{]".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not an XGBoost JSON model");
  }
}
