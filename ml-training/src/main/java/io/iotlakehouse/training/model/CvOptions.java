package io.iotlakehouse.training.model;

import io.iotlakehouse.training.features.FeatureOptions;

/**
 * How grouped cross-validation is run.
 *
 * @param folds number of folds (engines are split, never rows)
 * @param cutsPerUnit test-like truncations evaluated per held-out engine (more = steadier estimate)
 * @param truncation where held-out engines are cut
 * @param features how each fold's feature spec is fitted (on that fold's training engines only)
 * @param rulCap cap of the piecewise-linear training label
 * @param failureHorizon horizon (cycles) of the "fails within" classifier label
 * @param parallelism folds trained at the same time, each booster on one XGBoost thread (see
 *     {@link Parallel})
 * @param seed seeds fold assignment, truncations and XGBoost
 */
public record CvOptions(
    int folds,
    int cutsPerUnit,
    TruncationPolicy truncation,
    FeatureOptions features,
    double rulCap,
    int failureHorizon,
    int parallelism,
    long seed) {

  public CvOptions {
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be >= 2, was " + folds);
    }
    if (cutsPerUnit < 1) {
      throw new IllegalArgumentException("cutsPerUnit must be >= 1, was " + cutsPerUnit);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
    }
  }
}
