package io.iotlakehouse.training.model;

import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Thin helpers over plain xgboost4j (no Spark): build matrices, train, predict. */
public final class XgbModels {

  /** Missing-value marker for DMatrix construction (features are never NaN; NaN keeps XGBoost's default). */
  static final float MISSING = Float.NaN;

  private XgbModels() {}

  public static DMatrix dmatrix(FeatureMatrix m) {
    try {
      DMatrix d = new DMatrix(m.data(), m.rows(), m.cols(), MISSING);
      if (m.labels().length > 0) {
        d.setLabel(m.labels());
      }
      return d;
    } catch (XGBoostError e) {
      throw new XgbException("could not build a DMatrix of " + m.rows() + " x " + m.cols(), e);
    }
  }

  public static Booster train(DMatrix train, XgbParams params, XgbParams.Objective objective, int nthread,
      long seed) {
    Map<String, DMatrix> watches = new HashMap<>();
    try {
      return XGBoost.train(train, params.boosterParams(objective, nthread, seed), params.rounds(), watches, null,
          null);
    } catch (XGBoostError e) {
      throw new XgbException("training failed with " + params, e);
    }
  }

  public static Booster train(FeatureMatrix train, XgbParams params, XgbParams.Objective objective, int nthread,
      long seed) {
    DMatrix d = dmatrix(train);
    try {
      return train(d, params, objective, nthread, seed);
    } finally {
      d.dispose();
    }
  }

  /** Predictions using the first {@code rounds} trees (0 = all). */
  public static double[] predict(Booster booster, DMatrix data, int rounds) {
    try {
      float[][] p = rounds > 0 ? booster.predict(data, false, rounds) : booster.predict(data);
      double[] out = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } catch (XGBoostError e) {
      throw new XgbException("prediction failed", e);
    }
  }

  public static double[] predict(Booster booster, FeatureMatrix m) {
    DMatrix d = dmatrix(m);
    try {
      return predict(booster, d, 0);
    } finally {
      d.dispose();
    }
  }

  /** An XGBoost native failure, unchecked so that functional code stays readable. */
  public static final class XgbException extends RuntimeException {
    public XgbException(String message, Throwable cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }
}
