package io.iotlakehouse.training.edge;

import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureExtractor;
import io.iotlakehouse.training.features.FeatureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scores engines from their recent cycle history with an XGBoost model file and its {@link FeatureSpec}, in plain
 * Java (xgboost4j ships its native library for linux x86_64 and aarch64 inside the jar; no Spark). Keep at least
 * {@link #historyLength()} recent cycles per engine: features depend on nothing older.
 */
public final class EdgeScorer implements AutoCloseable {

  private final FeatureSpec spec;
  private final Booster rul;
  private final Booster failure;

  private EdgeScorer(FeatureSpec spec, Booster rul, Booster failure) {
    this.spec = spec;
    this.rul = rul;
    this.failure = failure;
  }

  /**
   * A prediction for one engine.
   *
   * @param unit engine unit
   * @param cycle last cycle seen
   * @param rul predicted remaining useful life in cycles (>= 0)
   * @param failureProbability probability of failing within the classifier's horizon, NaN without classifier
   */
  public record Score(int unit, int cycle, double rul, double failureProbability) {}

  /** Loads a RUL model (XGBoost JSON or UBJ file) and its feature spec. */
  public static EdgeScorer load(Path rulModel, Path featureSpec) throws IOException {
    return load(rulModel, featureSpec, null);
  }

  /** Loads a RUL model, its feature spec and optionally (non-null path) a failure classifier. */
  public static EdgeScorer load(Path rulModel, Path featureSpec, Path failureModel) throws IOException {
    FeatureSpec spec = FeatureSpec.read(featureSpec);
    Booster rul = loadBooster(rulModel, spec);
    Booster failure = null;
    if (failureModel != null) {
      try {
        failure = loadBooster(failureModel, spec);
      } catch (IOException | RuntimeException e) {
        rul.dispose();
        throw e;
      }
    }
    return new EdgeScorer(spec, rul, failure);
  }

  /** Loads a {@link ModelBundle} directory (the failure classifier only if its file is there). */
  public static EdgeScorer loadBundle(Path dir) throws IOException {
    Path failure = dir.resolve(ModelBundle.FAILURE_MODEL);
    return load(dir.resolve(ModelBundle.RUL_MODEL), dir.resolve(ModelBundle.FEATURE_SPEC),
        Files.exists(failure) ? failure : null);
  }

  public FeatureSpec spec() {
    return spec;
  }

  /** Recent cycles the scorer needs per engine. */
  public int historyLength() {
    return spec.historyLength();
  }

  public boolean hasFailureModel() {
    return failure != null;
  }

  /** Scores an engine from its cycles (oldest first, strictly increasing cycle numbers, one unit). */
  public Score score(List<CycleRecord> recentCycles) {
    if (recentCycles.isEmpty()) {
      throw new IllegalArgumentException("no cycles to score; pass the engine's most recent " + historyLength()
          + " cycles, oldest first");
    }
    EngineSeries engine = new EngineSeries(recentCycles.get(0).unit(), recentCycles);
    double[] row = FeatureExtractor.lastRow(spec, engine);
    double rulPrediction = Math.max(0.0, predict(rul, new double[][] {row})[0]);
    double p = failure == null ? Double.NaN : predict(failure, new double[][] {row})[0];
    return new Score(engine.unit(), engine.lastCycle(), rulPrediction, p);
  }

  /** Predicted RUL (>= 0) after the last of the given cycles. */
  public double predictRul(List<CycleRecord> recentCycles) {
    return score(recentCycles).rul();
  }

  /** Failure-within-horizon probability, empty without a classifier. */
  public OptionalDouble failureProbability(List<CycleRecord> recentCycles) {
    double p = score(recentCycles).failureProbability();
    return Double.isNaN(p) ? OptionalDouble.empty() : OptionalDouble.of(p);
  }

  /** Raw regressor outputs for precomputed feature rows (no clamping), e.g. to compare with training. */
  public double[] rawRulPredictions(double[][] rows) {
    return predict(rul, rows);
  }

  private double[] predict(Booster booster, double[][] rows) {
    int cols = spec.featureCount();
    float[] data = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " features, the spec has " + cols);
      }
      for (int c = 0; c < cols; c++) {
        data[r * cols + c] = (float) rows[r][c];
      }
    }
    try {
      float[][] p = booster.inplace_predict(data, rows.length, cols, Float.NaN);
      double[] out = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
    }
  }

  private static Booster loadBooster(Path file, FeatureSpec spec) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("model file " + file + " does not exist");
    }
    Booster b;
    try {
      b = XGBoost.loadModel(file.toString());
    } catch (XGBoostError e) {
      throw new IOException("could not load XGBoost model " + file + ": " + e.getMessage(), e);
    }
    try {
      long n = b.getNumFeature();
      if (n != spec.featureCount()) {
        b.dispose();
        throw new IOException("model " + file + " expects " + n + " features but the feature spec defines "
            + spec.featureCount() + "; the model and spec come from different training runs");
      }
    } catch (XGBoostError e) {
      b.dispose();
      throw new IOException("could not read model " + file + ": " + e.getMessage(), e);
    }
    return b;
  }

  @Override
  public void close() {
    rul.dispose();
    if (failure != null) {
      failure.dispose();
    }
  }
}
