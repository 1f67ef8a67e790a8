package io.iotlakehouse.training.edge;

import io.iotlakehouse.training.features.FeatureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * File layout of a model bundle as it travels to an edge gateway: XGBoost's own JSON model files plus the
 * {@link FeatureSpec} JSON that says how to compute their inputs.
 */
public final class ModelBundle {

  /** The RUL regressor, XGBoost JSON model format. */
  public static final String RUL_MODEL = "rul-model.json";
  /** The "fails within the horizon" classifier (optional), XGBoost JSON model format. */
  public static final String FAILURE_MODEL = "failure-model.json";
  /** The feature spec. */
  public static final String FEATURE_SPEC = "feature-spec.json";

  private ModelBundle() {}

  /**
   * Writes a bundle into {@code dir} (created if needed). The file extension decides XGBoost's format; use
   * {@code .ubj} names with {@link Booster#saveModel(String)} directly for the smaller binary form.
   */
  public static void write(Path dir, Booster rul, Booster failure, FeatureSpec spec) throws IOException {
    Files.createDirectories(dir);
    try {
      rul.saveModel(dir.resolve(RUL_MODEL).toString());
      if (failure != null) {
        failure.saveModel(dir.resolve(FAILURE_MODEL).toString());
      }
    } catch (XGBoostError e) {
      throw new IOException("could not save the XGBoost models to " + dir + ": " + e.getMessage(), e);
    }
    spec.write(dir.resolve(FEATURE_SPEC));
  }
}
