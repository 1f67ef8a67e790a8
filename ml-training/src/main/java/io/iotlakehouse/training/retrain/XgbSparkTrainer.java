package io.iotlakehouse.training.retrain;

import io.iotlakehouse.training.model.XgbParams;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import ml.dmlc.xgboost4j.scala.spark.XGBoostTrainingSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * Trains one XGBoost model with XGBoost4J-Spark (barrier tasks, one per worker, each on its share of the rows), with
 * the same booster settings as the file path ({@link XgbParams#boosterParams}), and returns the native booster (what
 * the edge runs) with the per-round training and evaluation curves.
 */
public final class XgbSparkTrainer {

  private XgbSparkTrainer() {}

  /**
   * A trained model and its learning curves (one value per round: RMSE for the regressor, AUC for the classifier).
   *
   * @param model the Spark model ({@code transform} scores a DataFrame with a {@code features} column)
   */
  public record Trained(XGBoostModel<?> model, float[] trainCurve, float[] evalCurve) {
    /** The native booster inside the Spark model: what {@link io.iotlakehouse.training.edge.ModelBundle} saves. */
    public Booster booster() {
      return model.nativeBooster().booster();
    }
  }

  /**
   * Trains on {@code train}'s {@code features} with label column {@code label}; {@code eval} (may be null) is scored
   * after every round for the curve only (no early stopping).
   */
  public static Trained train(Dataset<Row> train, Dataset<Row> eval, String label, XgbParams params,
      XgbParams.Objective objective, int workers, long seed) {
    XGBoostModel<?> model;
    if (objective == XgbParams.Objective.REGRESSION) {
      XGBoostRegressor regressor = new XGBoostRegressor();
      regressor.setFeaturesCol("features");
      regressor.setLabelCol(label);
      configure(regressor, params, objective, workers, seed);
      if (eval != null) {
        regressor.setEvalDataset(eval);
      }
      model = regressor.fit(train);
    } else {
      XGBoostClassifier classifier = new XGBoostClassifier();
      classifier.setFeaturesCol("features");
      classifier.setLabelCol(label);
      configure(classifier, params, objective, workers, seed);
      if (eval != null) {
        classifier.setEvalDataset(eval);
      }
      model = classifier.fit(train);
    }
    float[] trainCurve = new float[0];
    float[] evalCurve = new float[0];
    if (model.summary().isDefined()) {
      XGBoostTrainingSummary summary = model.summary().get();
      trainCurve = summary.trainObjectiveHistory();
      Iterator<Tuple2<String, float[]>> validation = summary.validationObjectiveHistory().iterator();
      if (validation.hasNext()) {
        evalCurve = validation.next()._2();
      }
    }
    return new Trained(model, trainCurve, evalCurve);
  }

  /** XGBoost4J-Spark setters return {@code Params} to Java, so each is its own statement. */
  private static void configure(XGBoostEstimator<?, ?> estimator, XgbParams params, XgbParams.Objective objective,
      int workers, long seed) {
    estimator.setNumWorkers(workers);
    estimator.setNumRound(params.rounds());
    estimator.setObjective(objective.xgbName());
    estimator.setEvalMetric(objective.evalMetric());
    estimator.setTreeMethod("hist");
    estimator.setMaxDepth(params.maxDepth());
    estimator.setEta(params.eta());
    estimator.setSubsample(params.subsample());
    estimator.setColsampleBytree(params.colsampleBytree());
    estimator.setMinChildWeight(params.minChildWeight());
    estimator.setMaxBins(XgbParams.MAX_BIN);
    estimator.setSeed(seed);
    estimator.setNthread(1);
    estimator.setVerbosity(0);
    String master = SparkSession.active().sparkContext().master();
    if (master.startsWith("local")) {
      // XGBoost's collective tracker otherwise binds the host's first non-loopback address, which the local
      // workers (threads of this JVM) may not reach; on a cluster the executors need that address
      estimator.setRabitTrackerHostIp("127.0.0.1");
    }
  }
}
