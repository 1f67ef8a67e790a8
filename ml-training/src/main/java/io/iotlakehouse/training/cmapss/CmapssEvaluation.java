package io.iotlakehouse.training.cmapss;

import io.iotlakehouse.training.edge.ModelBundle;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureExtractor;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.metrics.BinaryMetrics;
import io.iotlakehouse.training.metrics.RulMetrics;
import io.iotlakehouse.training.model.CvOptions;
import io.iotlakehouse.training.model.FeatureMatrix;
import io.iotlakehouse.training.model.GroupedCrossValidation;
import io.iotlakehouse.training.model.HyperparameterSearch;
import io.iotlakehouse.training.model.Parallel;
import io.iotlakehouse.training.model.TrainingSet;
import io.iotlakehouse.training.model.XgbModels;
import io.iotlakehouse.training.model.XgbParams;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * Trains and evaluates remaining-useful-life models on a C-MAPSS sub-dataset, file in, metrics out, no Spark:
 * hyper-parameters are chosen by grouped cross-validation on the training file only (never on the test set), the
 * chosen regressor and a "fails within {@code failureHorizon} cycles" classifier are refitted on all training
 * engines, and both are scored on the last cycle of every test engine against the RUL file.
 */
public final class CmapssEvaluation {

  private CmapssEvaluation() {}

  public static EvaluationResult run(Path train, Path test, Path rul, EvaluationOptions options)
      throws IOException {
    return run(train, test, rul, options, message -> { });
  }

  public static EvaluationResult run(Path train, Path test, Path rul, EvaluationOptions options,
      Consumer<String> log) throws IOException {
    long start = System.nanoTime();
    double cpuStart = cpuSeconds();
    List<EngineSeries> trainEngines = CmapssReader.readEngines(train);
    List<EngineSeries> testEngines = CmapssReader.readEngines(test);
    Map<Integer, Integer> trueRul = CmapssReader.rulByUnit(test, testEngines, rul);
    log.accept("read " + trainEngines.size() + " training and " + testEngines.size() + " test engines");

    long trainStart = System.nanoTime();
    CvOptions cvOptions = new CvOptions(options.folds(), options.cutsPerUnit(), options.truncation(),
        options.features(), options.rulCap(), options.failureHorizon(), options.threads(), options.seed());
    HyperparameterSearch.Result search;
    BinaryMetrics cvFailure = null;
    try (GroupedCrossValidation cv = GroupedCrossValidation.prepare(trainEngines, cvOptions)) {
      log.accept(String.format(Locale.ROOT, "prepared %d folds in %.1f s", options.folds(),
          (System.nanoTime() - trainStart) / 1e9));
      // after the search: the classifier CV (one CV pass) and two side-by-side fits on all engines (each like
      // one fold's fit, on folds/(folds-1) as many rows; a CV pass runs ceil(folds/threads) rounds of fits)
      double fitsPerPass = Math.ceil((double) options.folds() / options.threads());
      double finalFits = Math.ceil(2.0 / options.threads()) * options.folds() / (options.folds() - 1.0)
          / fitsPerPass;
      Duration left = options.timeBudget().minusNanos(System.nanoTime() - trainStart);
      search = HyperparameterSearch.run(cv, options.searchSpace(), options.firstParams(),
          left.isNegative() ? Duration.ZERO : left, finalFits + (options.crossValidateClassifier() ? 1 : 0),
          options.maxTrials(), options.seed(), log);
      if (options.crossValidateClassifier()) {
        // the classifier CV is a report, not needed for the models: run it only if it fits in the budget
        double pass = search.predictCvSeconds(search.best().params());
        double elapsed = (System.nanoTime() - trainStart) / 1e9;
        double budget = options.timeBudget().toNanos() / 1e9;
        if (elapsed + pass * (1 + finalFits) <= budget) {
          cvFailure = cv.evaluateClassifier(search.best().params());
        } else {
          log.accept(String.format(Locale.ROOT, "skipping the classifier CV: it needs ~%.1f s, %.1f s left",
              pass, budget - elapsed - pass * finalFits));
        }
      }
    }
    XgbParams params = search.best().params();
    log.accept("chosen " + params.asMap() + " after " + search.trials().size() + " trials");

    FeatureSpec spec = FeatureSpec.fit(trainEngines, options.features());
    TrainingSet training = TrainingSet.of(spec, trainEngines, options.rulCap(), options.failureHorizon());
    FeatureMatrix rulMatrix = training.rul();
    FeatureMatrix failMatrix = training.fail();
    List<Booster> models = Parallel.map(2, options.threads(), i -> i == 0
        ? XgbModels.train(rulMatrix, params, XgbParams.Objective.REGRESSION, Parallel.THREADS_PER_BOOSTER,
            options.seed())
        : XgbModels.train(failMatrix, params, XgbParams.Objective.BINARY, Parallel.THREADS_PER_BOOSTER,
            options.seed()));
    Booster regressor = models.get(0);
    Booster classifier = models.get(1);
    try {
      double trainSeconds = (System.nanoTime() - trainStart) / 1e9;

      double[][] lastRows = new double[testEngines.size()][];
      double[] truth = new double[testEngines.size()];
      double[] truthCapped = new double[testEngines.size()];
      double[] failLabels = new double[testEngines.size()];
      for (int i = 0; i < lastRows.length; i++) {
        EngineSeries e = testEngines.get(i);
        lastRows[i] = FeatureExtractor.lastRow(spec, e);
        truth[i] = trueRul.get(e.unit());
        truthCapped[i] = Math.min(truth[i], options.rulCap());
        failLabels[i] = truth[i] <= options.failureHorizon() ? 1 : 0;
      }
      FeatureMatrix testMatrix = FeatureMatrix.of(lastRows);
      double[] predicted = XgbModels.predict(regressor, testMatrix);
      for (int i = 0; i < predicted.length; i++) {
        predicted[i] = GroupedCrossValidation.clampRul(predicted[i]);
      }
      double[] failScores = XgbModels.predict(classifier, testMatrix);
      if (options.modelDir() != null) {
        ModelBundle.write(options.modelDir(), regressor, classifier, spec);
        log.accept("wrote model bundle to " + options.modelDir());
      }
      return new EvaluationResult(
          RulMetrics.rmse(predicted, truth),
          RulMetrics.rmse(predicted, truthCapped),
          RulMetrics.phmScore(predicted, truth),
          testEngines.size(),
          search.best().score().rmse(),
          search.best().score().rmseCapped(),
          search.best().score().phm(),
          search.best().score().evaluated(),
          options.folds(),
          search.trials().size(),
          params,
          spec.featureCount(),
          trainSeconds,
          search.seconds(),
          (System.nanoTime() - start) / 1e9,
          cpuSeconds() - cpuStart,
          options.failureHorizon(),
          BinaryMetrics.of(failScores, failLabels, 0.5),
          cvFailure);
    } finally {
      regressor.dispose();
      classifier.dispose();
    }
  }

  /**
   * {@code --train FILE --test FILE --rul FILE [--budget-seconds 45] [--folds 5] [--max-trials 40] [--seed 42]
   * [--threads N] [--rul-cap 125] [--failure-horizon 30] [--cuts-per-unit 10] [--model-dir DIR]}. Progress goes
   * to stderr; the last line on stdout is the result JSON.
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> a;
    EvaluationOptions options;
    Path train;
    Path test;
    Path rul;
    try {
      a = parseArgs(args);
      train = Path.of(required(a, "train"));
      test = Path.of(required(a, "test"));
      rul = Path.of(required(a, "rul"));
      options = options(a);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("usage: CmapssEvaluation --train train_FD001.txt --test test_FD001.txt --rul RUL_FD001.txt"
          + " [--budget-seconds 45] [--folds 5] [--max-trials 40] [--seed 42] [--threads N] [--rul-cap 125]"
          + " [--failure-horizon 30] [--cuts-per-unit 10] [--model-dir DIR]");
      System.exit(2);
      return;
    }
    EvaluationResult result = run(train, test, rul, options, System.err::println);
    System.out.println(result.toJson());
  }

  static EvaluationOptions options(Map<String, String> a) {
    EvaluationOptions o = EvaluationOptions.defaults();
    for (Map.Entry<String, String> e : a.entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "train", "test", "rul" -> { }
        case "budget-seconds" -> o = o.withTimeBudget(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
        case "folds" -> o = o.withFolds(Integer.parseInt(v));
        case "max-trials" -> o = o.withMaxTrials(Integer.parseInt(v));
        case "seed" -> o = o.withSeed(Long.parseLong(v));
        case "threads" -> o = o.withThreads(Integer.parseInt(v));
        case "rul-cap" -> o = o.withRulCap(Double.parseDouble(v));
        case "failure-horizon" -> o = o.withFailureHorizon(Integer.parseInt(v));
        case "cuts-per-unit" -> o = o.withCutsPerUnit(Integer.parseInt(v));
        case "model-dir" -> o = o.withModelDir(Path.of(v));
        default -> throw new IllegalArgumentException("unknown option --" + e.getKey());
      }
    }
    return o;
  }

  /** {@code --key value} pairs; a repeated key keeps the last value. */
  static Map<String, String> parseArgs(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String k = args[i];
      if (!k.startsWith("--") || k.length() == 2) {
        throw new IllegalArgumentException("expected --option, got '" + k + "'");
      }
      String key = k.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option --" + key + " needs a value");
        }
        value = args[++i];
      }
      out.put(key, value);
    }
    return out;
  }

  static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return v;
  }

  /** CPU time of this process so far, NaN when unavailable. */
  static double cpuSeconds() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }
}
