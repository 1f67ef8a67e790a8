package io.iotlakehouse.training.retrain;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.training.TrainingKeys;
import io.iotlakehouse.training.model.XgbParams;
import java.time.Duration;

/**
 * What the retrain job needs from config, resolved.
 *
 * @param goldTable path or URI of the gold turbofan_health Delta table
 * @param rulModel experiment and registered model of the RUL regressor
 * @param failureModel experiment and registered model of the failure classifier
 * @param params booster parameters of both models
 * @param rulCap piecewise-linear RUL cap (125, the field's convention)
 * @param failureHorizon classifier label: fails within this many cycles (30)
 */
public record RetrainSettings(String goldTable, String rulModel, String failureModel, int holdoutPercent,
    Duration completedAfter, XgbParams params, int workers, int specEngines, long seed, double rulCap,
    int failureHorizon) {

  public static final double RUL_CAP = 125;
  public static final int FAILURE_HORIZON = 30;

  /** From config, with {@code goldTable} resolved by the caller (the key may be empty). */
  public static RetrainSettings from(Config config, String goldTable) {
    return new RetrainSettings(goldTable, config.get(TrainingKeys.RUL_MODEL), config.get(TrainingKeys.FAILURE_MODEL),
        config.get(TrainingKeys.HOLDOUT_PERCENT), config.get(TrainingKeys.COMPLETED_AFTER),
        XgbParams.defaults().withRounds(config.get(TrainingKeys.ROUNDS)), config.get(TrainingKeys.WORKERS),
        config.get(TrainingKeys.SPEC_ENGINES), config.get(TrainingKeys.SEED), RUL_CAP, FAILURE_HORIZON);
  }
}
