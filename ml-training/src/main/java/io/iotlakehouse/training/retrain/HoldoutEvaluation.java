package io.iotlakehouse.training.retrain;

import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.metrics.BinaryMetrics;
import io.iotlakehouse.training.metrics.RulMetrics;
import io.iotlakehouse.training.model.FeatureMatrix;
import io.iotlakehouse.training.model.XgbModels;
import io.iotlakehouse.training.model.XgbParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scores a saved model (an XGBoost model file and its feature spec, as the edge loads them) on the holdout engines'
 * raw cycles: every labelled cycle of every run-to-failure holdout engine. Candidate and champion go through exactly
 * this code with their own feature specs, so they are compared on the same rows. Spark-free.
 *
 * @param metrics named metrics: {@code holdout_rmse}, {@code holdout_mae}, {@code holdout_phm_mean} (regressor;
 *     PHM08 score per row, against the capped RUL) or {@code holdout_auc}, {@code holdout_precision},
 *     {@code holdout_recall} (classifier, threshold 0.5); NaN values are left out
 * @param truth capped RUL per row (regressor) or true remaining cycles (classifier), for the plot
 * @param predicted prediction per row (RUL clamped at 0, or probability)
 */
public record HoldoutEvaluation(Map<String, Double> metrics, double[] truth, double[] predicted) {

  /** Evaluates the model in {@code modelFile} with the spec in {@code specFile}. */
  public static HoldoutEvaluation of(Path modelFile, Path specFile, XgbParams.Objective objective,
      List<EngineSeries> holdout, double rulCap, int failureHorizon) throws IOException {
    FeatureSpec spec = FeatureSpec.read(specFile);
    List<double[]> rows = new ArrayList<>();
    List<Double> capped = new ArrayList<>();
    List<Double> remaining = new ArrayList<>();
    List<Double> fails = new ArrayList<>();
    for (EngineSeries e : holdout) {
      for (EngineRows.Row r : EngineRows.of(spec, e, true, rulCap, failureHorizon)) {
        rows.add(r.features());
        capped.add(r.rul());
        remaining.add((double) (e.lastCycle() - r.cycle()));
        fails.add(r.fails());
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no holdout rows to evaluate on");
    }
    double[] predicted = predict(modelFile, FeatureMatrix.of(rows, new double[0]));
    Map<String, Double> metrics = new LinkedHashMap<>();
    double[] truth;
    if (objective == XgbParams.Objective.REGRESSION) {
      truth = unbox(capped);
      for (int i = 0; i < predicted.length; i++) {
        predicted[i] = Math.max(0.0, predicted[i]);
      }
      metrics.put("holdout_rmse", RulMetrics.rmse(predicted, truth));
      metrics.put("holdout_mae", RulMetrics.mae(predicted, truth));
      metrics.put("holdout_phm_mean", RulMetrics.phmScore(predicted, truth) / truth.length);
    } else {
      truth = unbox(remaining);
      BinaryMetrics b = BinaryMetrics.of(predicted, unbox(fails), 0.5);
      metrics.put("holdout_auc", b.auc());
      metrics.put("holdout_precision", b.precision());
      metrics.put("holdout_recall", b.recall());
    }
    metrics.put("holdout_rows", (double) rows.size());
    metrics.values().removeIf(v -> v.isNaN());
    return new HoldoutEvaluation(metrics, truth, predicted);
  }

  private static double[] predict(Path modelFile, FeatureMatrix m) throws IOException {
    if (!Files.isRegularFile(modelFile)) {
      throw new IOException("model file " + modelFile + " does not exist");
    }
    Booster booster;
    try {
      booster = XGBoost.loadModel(modelFile.toString());
    } catch (XGBoostError e) {
      throw new IOException("could not load XGBoost model " + modelFile + ": " + e.getMessage(), e);
    }
    try {
      return XgbModels.predict(booster, m);
    } finally {
      booster.dispose();
    }
  }

  private static double[] unbox(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
