package io.iotlakehouse.training.cmapss;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.edge.EdgeScorer;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.model.SearchSpace;
import io.iotlakehouse.training.model.TruncationPolicy;
import io.iotlakehouse.training.model.XgbParams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on a synthetic split of FD001 (the official test files are kept for an independent check). */
class CmapssEvaluationTest {

  static final SearchSpace QUICK = new SearchSpace(new int[] {3, 4}, new double[] {0.1}, new double[] {0.8},
      new double[] {0.5}, new double[] {10}, 25, 15, 150);

  @TempDir
  Path dir;

  @Test
  void trainsOnCvChosenParamsAndScoresTheHeldOutEngines() throws Exception {
    SyntheticSplit.Files3 split = SyntheticSplit.write(TestData.fd001Path(), dir.resolve("split"), 20,
        TruncationPolicy.fd001Like(), 11);
    EvaluationOptions options = EvaluationOptions.defaults()
        .withFolds(4).withCutsPerUnit(5).withSearchSpace(QUICK).withFirstParams(new XgbParams(4, 0.1, 150, 0.8,
            0.5, 10)).withMaxTrials(2).withTimeBudget(Duration.ofSeconds(120)).withThreads(2)
        .withModelDir(dir.resolve("bundle"));

    EvaluationResult r = CmapssEvaluation.run(split.train(), split.test(), split.rul(), options);

    assertThat(r.units()).isEqualTo(20);
    assertThat(r.rmse()).isGreaterThan(0).isLessThan(30);
    assertThat(r.cvRmse()).isGreaterThan(0).isLessThan(30);
    assertThat(r.phmScore()).isGreaterThan(0).isFinite();
    assertThat(r.cvPhm()).isGreaterThan(0).isFinite();
    assertThat(r.cvTruncations()).isEqualTo(80 * 5);
    assertThat(r.trials()).isEqualTo(2);
    assertThat(r.failure().auc()).isGreaterThan(0.7);
    assertThat(r.cvFailure().auc()).isGreaterThan(0.8);
    assertThat(r.trainSeconds()).isPositive().isLessThanOrEqualTo(r.totalSeconds());

    JsonNode json = new ObjectMapper().readTree(r.toJson());
    assertThat(r.toJson()).doesNotContain("\n");
    assertThat(json.get("rmse").asDouble()).isCloseTo(r.rmse(), org.assertj.core.data.Offset.offset(1e-3));
    assertThat(json.get("units").asInt()).isEqualTo(20);
    assertThat(json.has("phm_score")).isTrue();
    assertThat(json.has("cv_rmse")).isTrue();
    assertThat(json.has("cv_phm")).isTrue();
    assertThat(json.has("train_seconds")).isTrue();
    assertThat(json.get("params").get("max_depth").asInt()).isIn(3, 4);

    // the bundle written for the edge reproduces the evaluation's test predictions
    List<EngineSeries> test = CmapssReader.readEngines(split.test());
    Map<Integer, Integer> rul = CmapssReader.rulByUnit(split.test(), test, split.rul());
    try (EdgeScorer scorer = EdgeScorer.loadBundle(dir.resolve("bundle"))) {
      double ss = 0;
      for (EngineSeries e : test) {
        double d = scorer.predictRul(e.tail(scorer.historyLength()).cycles()) - rul.get(e.unit());
        ss += d * d;
      }
      assertThat(Math.sqrt(ss / test.size())).isCloseTo(r.rmse(), org.assertj.core.data.Offset.offset(1e-3));
    }
  }

  @Test
  void mainPrintsTheResultJsonAsItsLastLine() throws Exception {
    // a 30-engine source keeps this quick
    Path small = dir.resolve("train_SMALL.txt");
    Files.write(small, Files.readAllLines(TestData.fd001Path()).stream()
        .filter(l -> Integer.parseInt(l.strip().split("\\s+")[0]) <= 30).collect(Collectors.toList()));
    SyntheticSplit.Files3 split = SyntheticSplit.write(small, dir.resolve("split"), 8, TruncationPolicy.fd001Like(),
        3);

    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CmapssEvaluation.main(new String[] {"--train", split.train().toString(), "--test", split.test().toString(),
          "--rul", split.rul().toString(), "--folds", "2", "--max-trials", "1", "--budget-seconds", "1",
          "--cuts-per-unit", "3"});
    } finally {
      System.setOut(stdout);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("units").asInt()).isEqualTo(8);
    assertThat(json.get("rmse").asDouble()).isGreaterThan(0).isLessThan(60);
    assertThat(json.get("phm_score").asDouble()).isGreaterThan(0);
    assertThat(json.get("trials").asInt()).isEqualTo(1);
  }

  @Test
  void parsesOptions() {
    EvaluationOptions o = CmapssEvaluation.options(CmapssEvaluation.parseArgs(new String[] {
        "--train", "a", "--budget-seconds=12.5", "--folds", "3", "--rul-cap", "130", "--failure-horizon", "20"}));

    assertThat(o.timeBudget()).isEqualTo(Duration.ofMillis(12500));
    assertThat(o.folds()).isEqualTo(3);
    assertThat(o.rulCap()).isEqualTo(130);
    assertThat(o.features().rulCap()).isEqualTo(130);
    assertThat(o.failureHorizon()).isEqualTo(20);
  }
}
