package io.iotlakehouse.training.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tree-booster hyper-parameters searched over (everything else is fixed: hist trees with {@link #MAX_BIN} bins,
 * squared error or logistic loss).
 *
 * @param maxDepth maximum tree depth
 * @param eta learning rate
 * @param rounds boosting rounds (trees)
 * @param subsample row subsampling per tree
 * @param colsampleBytree feature subsampling per tree
 * @param minChildWeight minimum hessian sum per leaf (rows, for squared error)
 */
public record XgbParams(
    int maxDepth, double eta, int rounds, double subsample, double colsampleBytree, double minChildWeight) {

  /**
   * Histogram bins per feature. 64 instead of XGBoost's 256 trains about a third faster here with the same CV
   * error (the window features are smooth).
   */
  public static final int MAX_BIN = 64;

  public XgbParams {
    if (maxDepth < 1 || rounds < 1) {
      throw new IllegalArgumentException("maxDepth and rounds must be >= 1");
    }
    if (!(eta > 0 && eta <= 1) || !(subsample > 0 && subsample <= 1) || !(colsampleBytree > 0
        && colsampleBytree <= 1) || !(minChildWeight >= 0)) {
      throw new IllegalArgumentException("eta, subsample, colsample_bytree must be in (0, 1], "
          + "min_child_weight >= 0: " + this);
    }
  }

  /** A sound starting point for C-MAPSS-sized data (tens of thousands of rows, a few hundred features). */
  public static XgbParams defaults() {
    return new XgbParams(4, 0.1, 350, 0.8, 0.5, 10);
  }

  public XgbParams withRounds(int r) {
    return new XgbParams(maxDepth, eta, r, subsample, colsampleBytree, minChildWeight);
  }

  /** Parameters for {@code XGBoost.train}. */
  public Map<String, Object> boosterParams(Objective objective, int nthread, long seed) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("objective", objective.xgbName());
    p.put("eval_metric", objective.evalMetric());
    p.put("tree_method", "hist");
    p.put("max_depth", maxDepth);
    p.put("eta", eta);
    p.put("subsample", subsample);
    p.put("colsample_bytree", colsampleBytree);
    p.put("min_child_weight", minChildWeight);
    p.put("nthread", nthread);
    p.put("seed", seed);
    p.put("max_bin", MAX_BIN);
    p.put("verbosity", 0);
    return p;
  }

  /** The searched values under XGBoost's names (for reports and JSON). */
  public Map<String, Object> asMap() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("max_depth", maxDepth);
    p.put("eta", eta);
    p.put("rounds", rounds);
    p.put("subsample", subsample);
    p.put("colsample_bytree", colsampleBytree);
    p.put("min_child_weight", minChildWeight);
    return p;
  }

  /** Learning objective. */
  public enum Objective {
    REGRESSION("reg:squarederror", "rmse"),
    BINARY("binary:logistic", "auc");

    private final String xgbName;
    private final String evalMetric;

    Objective(String xgbName, String evalMetric) {
      this.xgbName = xgbName;
      this.evalMetric = evalMetric;
    }

    public String xgbName() {
      return xgbName;
    }

    public String evalMetric() {
      return evalMetric;
    }
  }
}
