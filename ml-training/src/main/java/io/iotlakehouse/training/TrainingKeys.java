package io.iotlakehouse.training;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.Duration;
import java.util.List;

/** Config keys of the monthly retrain job ({@code io.iotlakehouse.training.retrain.RetrainJob}). */
public final class TrainingKeys {
  private TrainingKeys() {}

  public static final ConfigKey<String> GOLD_TABLE = ConfigKey.define(
      "ml.retrain.gold-table", ValueType.STRING, "",
      "Delta table the monthly retrain reads: the gold job's turbofan_health (path or URI). Empty: the lakehouse "
          + "command uses <lake.root>/gold/turbofan_health; under spark-submit it must be set");

  public static final ConfigKey<String> RUL_MODEL = ConfigKey.define(
      "ml.retrain.rul-model", ValueType.STRING, "turbofan-rul", Validator.nonBlank(),
      "MLflow experiment and registered model of the remaining-useful-life regressor; its versions are the edge "
          + "bundle (RUL model, failure classifier, feature spec)");

  public static final ConfigKey<String> FAILURE_MODEL = ConfigKey.define(
      "ml.retrain.failure-model", ValueType.STRING, "turbofan-failure", Validator.nonBlank(),
      "MLflow experiment and registered model of the fails-within-30-cycles classifier");

  public static final ConfigKey<Integer> HOLDOUT_PERCENT = ConfigKey.define(
      "ml.retrain.holdout-percent", ValueType.INT, "20", Validator.between(1, 50),
      "Share of engines (by a stable hash of device_id) kept out of training; candidate and champion are both scored "
          + "on them");

  public static final ConfigKey<Duration> COMPLETED_AFTER = ConfigKey.define(
      "ml.retrain.completed-after", ValueType.DURATION, "1h", Validator.positiveDuration(),
      "An engine whose last cycle is this much older than the newest cycle in the table is taken as run to failure "
          + "(the turbofan replay stops at failure). Engines still reporting give only rows whose capped label is "
          + "already certain (at least rul-cap cycles before their last one)");

  public static final ConfigKey<Integer> ROUNDS = ConfigKey.define(
      "ml.retrain.rounds", ValueType.INT, "350", Validator.between(1, 5000),
      "Boosting rounds (trees) of both models; depth 4, eta 0.1, subsample 0.8, colsample 0.5, min_child_weight 10 "
          + "as tuned by cross-validation on FD001");

  public static final ConfigKey<Integer> WORKERS = ConfigKey.define(
      "ml.retrain.workers", ValueType.INT, "1", Validator.between(1, 10_000),
      "XGBoost4J-Spark workers (barrier tasks training side by side, each on its share of the rows). More than one "
          + "needs executors that reach each other over the host network (XGBoost's collective ring); on a cluster "
          + "use the number of executors");

  public static final ConfigKey<Integer> SPEC_ENGINES = ConfigKey.define(
      "ml.retrain.spec-engines", ValueType.INT, "500", Validator.atLeast(1),
      "Most training engines (a stable sample) whose raw cycles are collected to fit the feature spec (sensor filter, "
          + "condition statistics, health index)");

  public static final ConfigKey<Long> SEED = ConfigKey.define(
      "ml.retrain.seed", ValueType.LONG, "42", "Seed of XGBoost's row and column sampling");

  public static final ConfigKey<Double> GATE_MARGIN = ConfigKey.define(
      "ml.gate.margin", ValueType.DOUBLE, "0.02", Validator.between(0.0, 1.0),
      "Promotion gate: relative improvement over the champion's holdout metric a candidate needs (0.02 = its RMSE at "
          + "least 2% lower, or its AUC 2% higher); both were measured on the same holdout by the same retrain run");

  public static final ConfigKey<Long> GATE_MAX_MODEL_BYTES = ConfigKey.define(
      "ml.gate.max-model-bytes", ValueType.LONG, "20000000", Validator.atLeast(1L),
      "Promotion gate: largest model version (all its files) a gateway is sent");

  public static final ConfigKey<Double> GATE_MAX_SCORE_US = ConfigKey.define(
      "ml.gate.max-score-us", ValueType.DOUBLE, "1000", Validator.between(1.0, 1e7),
      "Promotion gate: slowest mean time to score one engine with the edge's own scorer (EdgeScorer), in "
          + "microseconds, measured by the gate on this machine");

  public static List<ConfigKey<?>> keys() {
    return List.of(GOLD_TABLE, RUL_MODEL, FAILURE_MODEL, HOLDOUT_PERCENT, COMPLETED_AFTER, ROUNDS, WORKERS,
        SPEC_ENGINES, SEED, GATE_MARGIN, GATE_MAX_MODEL_BYTES, GATE_MAX_SCORE_US);
  }
}
