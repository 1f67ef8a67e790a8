package io.iotlakehouse.training.cmapss;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.training.metrics.BinaryMetrics;
import io.iotlakehouse.training.model.XgbParams;
import java.io.UncheckedIOException;

/**
 * Outcome of {@link CmapssEvaluation#run}. Test metrics are on the last cycle of each test engine against the RUL
 * file; CV metrics on the last cycle of truncated held-out training engines (same protocol).
 *
 * @param rmse test RMSE against the true RUL
 * @param rmseCapped test RMSE against the true RUL capped at the label cap (as some papers report)
 * @param phmScore test PHM08 score (sum over test engines)
 * @param units test engines scored
 * @param cvRmse cross-validated RMSE of the chosen parameters
 * @param cvRmseCapped cross-validated RMSE against the capped true RUL
 * @param cvPhm cross-validated PHM08 score per pass over the training engines (one truncation each)
 * @param cvTruncations truncated held-out engines scored in CV
 * @param folds CV folds
 * @param trials hyper-parameter candidates evaluated
 * @param params chosen hyper-parameters
 * @param features features per row
 * @param trainSeconds CV preparation + search + final fits
 * @param searchSeconds hyper-parameter search alone
 * @param totalSeconds everything including reading files and scoring the test set
 * @param cpuSeconds CPU time the process used during the run (all threads; NaN if the OS does not say): on a
 *     shared machine this is steadier than wall-clock time
 * @param failureHorizon horizon of the failure classifier
 * @param failure classifier metrics on the test engines (null if it could not be computed)
 * @param cvFailure cross-validated classifier metrics (null if not run)
 */
public record EvaluationResult(
    double rmse,
    double rmseCapped,
    double phmScore,
    int units,
    double cvRmse,
    double cvRmseCapped,
    double cvPhm,
    int cvTruncations,
    int folds,
    int trials,
    XgbParams params,
    int features,
    double trainSeconds,
    double searchSeconds,
    double totalSeconds,
    double cpuSeconds,
    int failureHorizon,
    BinaryMetrics failure,
    BinaryMetrics cvFailure) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line of JSON (snake_case keys, e.g. {@code rmse}, {@code phm_score}, {@code units}). */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("rmse", round(rmse));
    o.put("rmse_capped", round(rmseCapped));
    o.put("phm_score", round(phmScore));
    o.put("units", units);
    o.put("cv_rmse", round(cvRmse));
    o.put("cv_rmse_capped", round(cvRmseCapped));
    o.put("cv_phm", round(cvPhm));
    o.put("cv_truncations", cvTruncations);
    o.put("cv_folds", folds);
    o.put("trials", trials);
    ObjectNode p = o.putObject("params");
    params.asMap().forEach((k, v) -> p.putPOJO(k, v));
    o.put("features", features);
    o.put("train_seconds", round(trainSeconds));
    o.put("search_seconds", round(searchSeconds));
    o.put("total_seconds", round(totalSeconds));
    putNumber(o, "cpu_seconds", cpuSeconds);
    o.put("failure_horizon", failureHorizon);
    putBinary(o, "failure_", failure);
    putBinary(o, "cv_failure_", cvFailure);
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putBinary(ObjectNode o, String prefix, BinaryMetrics m) {
    if (m == null) {
      return;
    }
    putNumber(o, prefix + "precision", m.precision());
    putNumber(o, prefix + "recall", m.recall());
    putNumber(o, prefix + "auc", m.auc());
    o.put(prefix + "positives", m.positives());
  }

  private static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, round(v));
    } else {
      o.putNull(key);
    }
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
  }
}
