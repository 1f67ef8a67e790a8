package io.iotlakehouse.notebooks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.retrain.EngineRows;
import io.iotlakehouse.training.retrain.GoldTurbofanTable;
import io.iotlakehouse.training.retrain.RetrainSettings;
import io.iotlakehouse.training.retrain.SparkTrainingData;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The run-to-failure turbofans of one gold {@code turbofan_health} version, split as the monthly retrain splits them
 * (the same holdout hash, the same "ran to failure" rule), collected to the driver for Spark-free experiments with
 * the feature code. Engines still running are left out.
 *
 * @param goldVersion the Delta version read
 * @param training engines for fitting (by device id)
 * @param holdout engines for evaluation (by device id): the rows {@code HoldoutEvaluation} scores, champion included
 */
public record TurbofanEngines(long goldVersion, Map<String, EngineSeries> training, Map<String, EngineSeries> holdout) {

  public static TurbofanEngines load(SparkSession spark, RetrainSettings settings, long goldVersion) {
    Dataset<Row> cycles = new GoldTurbofanTable(spark, settings.goldTable()).read(goldVersion).cache();
    try {
      Timestamp newest = cycles.agg(max(col("event_time"))).first().getTimestamp(0);
      SparkTrainingData.Labelling labelling = new SparkTrainingData.Labelling(settings.rulCap(),
          settings.failureHorizon(), settings.holdoutPercent(), newest.getTime() - settings.completedAfter().toMillis());
      List<String> completed = new ArrayList<>();
      for (Row r : cycles.groupBy("device_id").agg(max(col("event_time"))).collectAsList()) {
        if (labelling.runToFailure(r.getTimestamp(1))) {
          completed.add(r.getString(0));
        }
      }
      Map<String, List<Row>> byDevice = new TreeMap<>();
      for (Row r : cycles.where(col("device_id").isin(completed.toArray())).collectAsList()) {
        byDevice.computeIfAbsent(r.getString(0), d -> new ArrayList<>()).add(r);
      }
      Map<String, EngineSeries> training = new TreeMap<>();
      Map<String, EngineSeries> holdout = new TreeMap<>();
      byDevice.forEach((device, rows) -> (EngineRows.inHoldout(device, settings.holdoutPercent()) ? holdout : training)
          .put(device, SparkTrainingData.engine(rows)));
      return new TurbofanEngines(goldVersion, training, holdout);
    } finally {
      cycles.unpersist();
    }
  }
}
