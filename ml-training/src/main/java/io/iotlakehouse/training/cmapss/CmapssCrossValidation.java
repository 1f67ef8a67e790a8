package io.iotlakehouse.training.cmapss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.model.CvOptions;
import io.iotlakehouse.training.model.CvScore;
import io.iotlakehouse.training.model.GroupedCrossValidation;
import io.iotlakehouse.training.model.XgbParams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Grouped cross-validation of fixed parameters on a training file alone (no test file, no search), repeated over
 * several seeds (fold assignment and truncation points) to show how much the CV estimate itself varies. Use it
 * to compare feature or parameter changes; use {@link CmapssEvaluation} for the full train-and-test run.
 */
public final class CmapssCrossValidation {

  private CmapssCrossValidation() {}

  /** Scores of {@code params} (all its trees) per seed. */
  public static List<CvScore> run(Path train, EvaluationOptions options, XgbParams params, long[] seeds)
      throws IOException {
    List<EngineSeries> engines = CmapssReader.readEngines(train);
    List<CvScore> out = new ArrayList<>();
    for (long seed : seeds) {
      CvOptions o = new CvOptions(options.folds(), options.cutsPerUnit(), options.truncation(), options.features(),
          options.rulCap(), options.failureHorizon(), options.threads(), seed);
      try (GroupedCrossValidation cv = GroupedCrossValidation.prepare(engines, o)) {
        out.add(cv.evaluateRegressor(params, new int[] {params.rounds()}).get(0));
      }
    }
    return out;
  }

  /**
   * {@code --train FILE [--seeds 42,1,2,3,4] [--folds 5] [--cuts-per-unit 10] [--rul-cap 125] [--threads N]}:
   * one JSON line per seed, then a summary line (mean and range) with the wall-clock seconds.
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> a = CmapssEvaluation.parseArgs(args);
    Path train = Path.of(CmapssEvaluation.required(a, "train"));
    long[] seeds = Arrays.stream(a.getOrDefault("seeds", "42,1,2,3,4").split(",")).map(String::strip)
        .mapToLong(Long::parseLong).toArray();
    a.remove("seeds");
    EvaluationOptions options = CmapssEvaluation.options(a);
    XgbParams params = options.firstParams();
    long start = System.nanoTime();
    List<CvScore> scores = run(train, options, params, seeds);
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < seeds.length; i++) {
      ObjectNode o = json.createObjectNode();
      o.put("seed", seeds[i]);
      o.put("cv_rmse", round(scores.get(i).rmse()));
      o.put("cv_rmse_capped", round(scores.get(i).rmseCapped()));
      o.put("cv_phm", round(scores.get(i).phm()));
      o.put("cv_truncations", scores.get(i).evaluated());
      System.out.println(json.writeValueAsString(o));
    }
    ObjectNode summary = json.createObjectNode();
    summary.put("seeds", seeds.length);
    summary.put("cv_rmse_mean", round(scores.stream().mapToDouble(CvScore::rmse).average().orElseThrow()));
    summary.put("cv_rmse_min", round(scores.stream().mapToDouble(CvScore::rmse).min().orElseThrow()));
    summary.put("cv_rmse_max", round(scores.stream().mapToDouble(CvScore::rmse).max().orElseThrow()));
    summary.put("cv_phm_mean", round(scores.stream().mapToDouble(CvScore::phm).average().orElseThrow()));
    summary.putPOJO("params", params.asMap());
    summary.put("seconds", round((System.nanoTime() - start) / 1e9));
    System.out.println(json.writeValueAsString(summary));
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
