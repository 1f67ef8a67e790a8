package io.iotlakehouse.training.model;

import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureExtractor;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.features.RulLabels;
import java.util.ArrayList;
import java.util.List;

/**
 * Every cycle of run-to-failure engines as training rows: features, the capped RUL label (regressor) and the
 * fails-within-horizon label (classifier). The same construction for the final fit and for each CV fold.
 *
 * @param rul feature rows with the capped RUL as labels
 * @param failLabels 1 where the engine fails within the horizon, row for row with {@code rul}
 */
public record TrainingSet(FeatureMatrix rul, float[] failLabels) {

  public static TrainingSet of(FeatureSpec spec, List<EngineSeries> engines, double rulCap, int failureHorizon) {
    List<double[]> rows = new ArrayList<>();
    List<Double> capped = new ArrayList<>();
    List<Double> fails = new ArrayList<>();
    for (EngineSeries e : engines) {
      double[][] r = FeatureExtractor.transform(spec, e);
      double[] c = RulLabels.piecewiseLinear(e, 0, rulCap);
      double[] f = RulLabels.failsWithin(e, 0, failureHorizon);
      for (int t = 0; t < r.length; t++) {
        rows.add(r[t]);
        capped.add(c[t]);
        fails.add(f[t]);
      }
    }
    float[] failLabels = new float[fails.size()];
    for (int i = 0; i < failLabels.length; i++) {
      failLabels[i] = fails.get(i).floatValue();
    }
    return new TrainingSet(FeatureMatrix.of(rows, capped.stream().mapToDouble(Double::doubleValue).toArray()), failLabels);
  }

  /** The same rows labelled for the classifier. */
  public FeatureMatrix fail() {
    return new FeatureMatrix(rul.data(), rul.rows(), rul.cols(), failLabels);
  }
}
