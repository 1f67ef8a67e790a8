package io.iotlakehouse.edge.inference;

import io.iotlakehouse.edge.transform.XgbTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an XGBoost model file into {@link XgbTrees} only when they agree with XGBoost itself: both predict a set of
 * probe rows (seeded, values from 0.01 to 1000 in size, some missing) and every prediction must match to 1e-4
 * (relative). A model the Java evaluator does not support or gets wrong is served by XGBoost (slower), never wrongly.
 */
final class JavaTrees {
  private static final Logger LOG = LoggerFactory.getLogger(JavaTrees.class);
  static final int PROBES = 256;

  private JavaTrees() {}

  /** The checked Java evaluator of {@code model}, or null (logged) when XGBoost must serve it. */
  static XgbTrees of(Path model) throws IOException {
    XgbTrees trees;
    try {
      trees = XgbTrees.parse(Files.readAllBytes(model));
    } catch (IllegalArgumentException e) {
      LOG.warn("{}: {}; scoring with XGBoost's native predictor instead (slower)", model.getFileName(), e.getMessage());
      return null;
    }
    int cols = trees.featureCount();
    float[] data = probes(cols);
    float[][] expected;
    try {
      Booster b = XGBoost.loadModel(model.toString());
      try {
        expected = b.inplace_predict(data, PROBES, cols, Float.NaN);
      } finally {
        b.dispose();
      }
    } catch (XGBoostError e) {
      throw new IOException("XGBoost cannot read " + model + ": " + e.getMessage(), e);
    }
    double[] row = new double[cols];
    for (int r = 0; r < PROBES; r++) {
      for (int c = 0; c < cols; c++) row[c] = data[r * cols + c];
      double got = trees.predict(row);
      double want = expected[r][0];
      if (!(Math.abs(got - want) <= 1e-4 * Math.max(1, Math.abs(want)))) {
        LOG.warn("{}: the Java evaluator predicts {} where XGBoost predicts {} (probe row {}); scoring with XGBoost's "
            + "native predictor instead (slower)", model.getFileName(), got, want, r);
        return null;
      }
    }
    return trees;
  }

  static float[] probes(int cols) {
    Random rnd = new Random(42);
    float[] data = new float[PROBES * cols];
    for (int i = 0; i < data.length; i++) {
      data[i] = rnd.nextInt(50) == 0 ? Float.NaN : (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(6) - 2));
    }
    return data;
  }
}
