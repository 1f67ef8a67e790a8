package io.iotlakehouse.training.model;

import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureExtractor;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.features.RulLabels;
import io.iotlakehouse.training.metrics.BinaryMetrics;
import io.iotlakehouse.training.metrics.RulMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Grouped K-fold cross-validation by engine unit, prepared once and reused by every hyper-parameter trial. For
 * each fold the feature spec is fitted on the training engines only; training uses every cycle of those engines;
 * evaluation cuts each held-out engine at {@link CvOptions#cutsPerUnit()} random points
 * ({@link TruncationPolicy}) and scores the last kept cycle against the true RUL, like the official test sets.
 *
 * <p>Folds train side by side ({@link Parallel}); an instance must not be used by two callers at once.
 *
 * <p>Because every feature row depends only on cycles up to its own (the leakage guard of
 * {@link FeatureExtractor}), the row of the full series at the cut equals the last row of the truncated series,
 * so the held-out rows are taken from the full series.
 */
public final class GroupedCrossValidation implements AutoCloseable {

  private final CvOptions options;
  private final List<Fold> folds;
  private final int units;

  private GroupedCrossValidation(CvOptions options, List<Fold> folds, int units) {
    this.options = options;
    this.folds = folds;
    this.units = units;
  }

  private record Fold(int[] heldOutUnits, DMatrix train, float[] trainRul, float[] trainFail, DMatrix heldOut,
      double[] heldOutRul, double[] heldOutFail) {}

  public static GroupedCrossValidation prepare(List<EngineSeries> engines, CvOptions options) {
    int[] unitIds = engines.stream().mapToInt(EngineSeries::unit).toArray();
    List<int[]> heldOut = GroupedKFold.heldOutGroups(unitIds, options.folds(), options.seed());
    Random random = new Random(options.seed() ^ 0x5DEECE66DL);
    List<Fold> folds = new ArrayList<>();
    try {
      for (int[] fold : heldOut) {
        Set<Integer> out = new HashSet<>();
        for (int u : fold) {
          out.add(u);
        }
        List<EngineSeries> train = new ArrayList<>();
        List<EngineSeries> test = new ArrayList<>();
        for (EngineSeries e : engines) {
          (out.contains(e.unit()) ? test : train).add(e);
        }
        FeatureSpec spec = FeatureSpec.fit(train, options.features());

        TrainingSet training = TrainingSet.of(spec, train, options.rulCap(), options.failureHorizon());
        List<double[]> testRows = new ArrayList<>();
        List<Double> testRul = new ArrayList<>();
        for (EngineSeries e : test) {
          double[][] rows = FeatureExtractor.transform(spec, e);
          double[] remaining = RulLabels.remaining(e, 0);
          for (int cut : options.truncation().sampleCuts(e, options.cutsPerUnit(), random)) {
            testRows.add(rows[cut]);
            testRul.add(remaining[cut]);
          }
        }
        if (testRows.isEmpty()) {
          throw new IllegalArgumentException("fold with units " + java.util.Arrays.toString(fold)
              + " has no engine long enough to truncate under " + options.truncation());
        }
        FeatureMatrix trainMatrix = training.rul();
        double[] heldOutRul = toArray(testRul);
        double[] heldOutFail = new double[heldOutRul.length];
        for (int i = 0; i < heldOutRul.length; i++) {
          heldOutFail[i] = heldOutRul[i] <= options.failureHorizon() ? 1 : 0;
        }
        folds.add(new Fold(fold, XgbModels.dmatrix(trainMatrix), trainMatrix.labels(), training.failLabels(),
            XgbModels.dmatrix(FeatureMatrix.of(testRows, new double[0])), heldOutRul, heldOutFail));
      }
    } catch (RuntimeException e) {
      folds.forEach(f -> {
        f.train.dispose();
        f.heldOut.dispose();
      });
      throw e;
    }
    return new GroupedCrossValidation(options, folds, engines.size());
  }

  public CvOptions options() {
    return options;
  }

  /**
   * Trains the regressor on every fold and scores the held-out truncations after each of the given numbers of
   * trees (one training run per fold covers all of them).
   *
   * @param checkpoints ascending tree counts, each <= {@code params.rounds()}
   * @return one score per checkpoint, in checkpoint order
   */
  public List<CvScore> evaluateRegressor(XgbParams params, int[] checkpoints) {
    // per fold: predictions[checkpoint][held-out row]
    List<double[][]> perFold = Parallel.map(folds.size(), options.parallelism(), i -> {
      Fold f = folds.get(i);
      setLabel(f.train, f.trainRul);
      Booster booster = XgbModels.train(f.train, params, XgbParams.Objective.REGRESSION,
          Parallel.THREADS_PER_BOOSTER, options.seed());
      try {
        double[][] p = new double[checkpoints.length][];
        for (int c = 0; c < checkpoints.length; c++) {
          p[c] = XgbModels.predict(booster, f.heldOut, checkpoints[c]);
        }
        return p;
      } finally {
        booster.dispose();
      }
    });
    List<Double> actual = new ArrayList<>();
    for (Fold f : folds) {
      for (double r : f.heldOutRul) {
        actual.add(r);
      }
    }
    double[] truth = toArray(actual);
    double[] capped = truth.clone();
    for (int i = 0; i < capped.length; i++) {
      capped[i] = Math.min(capped[i], options.rulCap());
    }
    double passes = (double) truth.length / units;
    List<CvScore> scores = new ArrayList<>();
    for (int c = 0; c < checkpoints.length; c++) {
      double[] p = new double[truth.length];
      int k = 0;
      for (double[][] fold : perFold) {
        for (double v : fold[c]) {
          p[k++] = clampRul(v);
        }
      }
      scores.add(new CvScore(checkpoints[c], RulMetrics.rmse(p, truth), RulMetrics.rmse(p, capped),
          RulMetrics.phmScore(p, truth) / passes, truth.length));
    }
    return scores;
  }

  /** Trains the "fails within the horizon" classifier on every fold; metrics over all held-out truncations. */
  public BinaryMetrics evaluateClassifier(XgbParams params) {
    List<double[]> perFold = Parallel.map(folds.size(), options.parallelism(), i -> {
      Fold f = folds.get(i);
      setLabel(f.train, f.trainFail);
      Booster booster = XgbModels.train(f.train, params, XgbParams.Objective.BINARY,
          Parallel.THREADS_PER_BOOSTER, options.seed());
      try {
        return XgbModels.predict(booster, f.heldOut, 0);
      } finally {
        booster.dispose();
      }
    });
    List<Double> scores = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    for (int i = 0; i < folds.size(); i++) {
      for (double p : perFold.get(i)) {
        scores.add(p);
      }
      for (double l : folds.get(i).heldOutFail) {
        labels.add(l);
      }
    }
    return BinaryMetrics.of(toArray(scores), toArray(labels), 0.5);
  }

  /** Predicted RUL is never negative. */
  public static double clampRul(double predicted) {
    return Math.max(0.0, predicted);
  }

  @Override
  public void close() {
    for (Fold f : folds) {
      f.train.dispose();
      f.heldOut.dispose();
    }
  }

  private static void setLabel(DMatrix d, float[] labels) {
    try {
      d.setLabel(labels);
    } catch (XGBoostError e) {
      throw new XgbModels.XgbException("could not set labels", e);
    }
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
