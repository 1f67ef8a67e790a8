package io.iotlakehouse.training.cmapss;

import io.iotlakehouse.training.features.FeatureOptions;
import io.iotlakehouse.training.model.SearchSpace;
import io.iotlakehouse.training.model.TruncationPolicy;
import io.iotlakehouse.training.model.XgbParams;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of {@link CmapssEvaluation}. Start from {@link #defaults()} and change what you need with the
 * {@code with...} methods.
 *
 * @param folds grouped CV folds (by engine unit)
 * @param cutsPerUnit random truncations scored per held-out engine in CV
 * @param timeBudget wall-clock target for training (CV preparation, hyper-parameter search, classifier CV and the
 *     final fits): the search stops early enough for the rest to fit, judged by its own trial durations; at
 *     least one trial always runs
 * @param maxTrials most hyper-parameter candidates tried
 * @param seed seeds folds, truncations, candidate order and XGBoost
 * @param threads trainings run side by side (CV folds, final regressor and classifier), one XGBoost thread each
 * @param rulCap cap of the piecewise-linear RUL training label
 * @param failureHorizon the classifier predicts "fails within this many cycles"
 * @param features feature options (its rulCap is overridden by {@code rulCap})
 * @param truncation how held-out engines are cut in CV
 * @param searchSpace hyper-parameter candidates
 * @param firstParams the candidate tried first (always evaluated)
 * @param crossValidateClassifier also cross-validate the failure classifier (one more CV pass, run only if it
 *     fits in the time budget)
 * @param modelDir if not null, write the final models and feature spec there ({@code ModelBundle} layout)
 */
public record EvaluationOptions(
    int folds,
    int cutsPerUnit,
    Duration timeBudget,
    int maxTrials,
    long seed,
    int threads,
    double rulCap,
    int failureHorizon,
    FeatureOptions features,
    TruncationPolicy truncation,
    SearchSpace searchSpace,
    XgbParams firstParams,
    boolean crossValidateClassifier,
    Path modelDir) {

  public EvaluationOptions {
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be >= 2, was " + folds);
    }
    if (cutsPerUnit < 1 || maxTrials < 1 || threads < 1 || failureHorizon < 0 || !(rulCap > 0)) {
      throw new IllegalArgumentException("cutsPerUnit, maxTrials, threads must be >= 1, failureHorizon >= 0, "
          + "rulCap > 0");
    }
    if (timeBudget.isNegative()) {
      throw new IllegalArgumentException("timeBudget must not be negative");
    }
    features = features.withRulCap(rulCap);
  }

  public static EvaluationOptions defaults() {
    return new EvaluationOptions(5, 10, Duration.ofSeconds(45), 40, 42,
        Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8)), 125, 30, FeatureOptions.defaults(),
        TruncationPolicy.fd001Like(), SearchSpace.defaults(), XgbParams.defaults(), true, null);
  }

  public EvaluationOptions withFolds(int v) {
    return new EvaluationOptions(v, cutsPerUnit, timeBudget, maxTrials, seed, threads, rulCap, failureHorizon,
        features, truncation, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withCutsPerUnit(int v) {
    return new EvaluationOptions(folds, v, timeBudget, maxTrials, seed, threads, rulCap, failureHorizon,
        features, truncation, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withTimeBudget(Duration v) {
    return new EvaluationOptions(folds, cutsPerUnit, v, maxTrials, seed, threads, rulCap, failureHorizon,
        features, truncation, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withMaxTrials(int v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, v, seed, threads, rulCap, failureHorizon,
        features, truncation, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withSeed(long v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, v, threads, rulCap, failureHorizon,
        features, truncation, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withThreads(int v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, seed, v, rulCap, failureHorizon,
        features, truncation, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withRulCap(double v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, seed, threads, v, failureHorizon,
        features, truncation, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withFailureHorizon(int v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, seed, threads, rulCap, v,
        features, truncation, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withFeatures(FeatureOptions v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, seed, threads, rulCap, failureHorizon,
        v, truncation, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withTruncation(TruncationPolicy v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, seed, threads, rulCap, failureHorizon,
        features, v, searchSpace, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withSearchSpace(SearchSpace v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, seed, threads, rulCap, failureHorizon,
        features, truncation, v, firstParams, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withFirstParams(XgbParams v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, seed, threads, rulCap, failureHorizon,
        features, truncation, searchSpace, v, crossValidateClassifier, modelDir);
  }

  public EvaluationOptions withCrossValidateClassifier(boolean v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, seed, threads, rulCap, failureHorizon,
        features, truncation, searchSpace, firstParams, v, modelDir);
  }

  public EvaluationOptions withModelDir(Path v) {
    return new EvaluationOptions(folds, cutsPerUnit, timeBudget, maxTrials, seed, threads, rulCap, failureHorizon,
        features, truncation, searchSpace, firstParams, crossValidateClassifier, v);
  }
}
