package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.edge.transform.CycleHistory;
import io.iotlakehouse.edge.transform.Finding;
import io.iotlakehouse.edge.transform.XgbTrees;
import io.iotlakehouse.training.edge.EdgeScorer;
import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureExtractor;
import java.util.List;
import java.util.Locale;

/**
 * The turbofan model of an {@code xgboost-rul} bundle: ml-training's {@link EdgeScorer} (XGBoost RUL regressor,
 * optional "fails within the horizon" classifier, feature spec) over each engine's recent cycles. Alerts when the
 * predicted remaining useful life falls below {@code rul_alert_below} cycles or the failure probability exceeds
 * {@code failure_alert_above}; an engine is judged only once {@code min_cycles} of its cycles are known. The features
 * are ml-training's ({@link FeatureExtractor} with the bundle's spec); the trees are walked by {@link XgbTrees} when
 * they were checked against XGBoost at load ({@code trees} non-null), else {@link EdgeScorer} predicts natively.
 */
final class RulScorer implements Scorer {
  private final EdgeScorer scorer;
  private final XgbTrees rulTrees;
  private final XgbTrees failureTrees;
  private final double rulBelow;
  private final double failureAbove;
  private final int minCycles;

  /**
   * @param rulTrees the regressor in Java, or null to predict with {@code scorer}
   * @param failureTrees the classifier in Java (null without one, or with {@code rulTrees} null)
   */
  RulScorer(EdgeScorer scorer, XgbTrees rulTrees, XgbTrees failureTrees, double rulBelow, double failureAbove, int minCycles) {
    this.scorer = scorer;
    this.rulTrees = rulTrees;
    this.failureTrees = failureTrees;
    this.rulBelow = rulBelow;
    this.failureAbove = failureAbove;
    this.minCycles = minCycles;
  }

  @Override
  public boolean covers(DeviceKind kind) {
    return kind == DeviceKind.TURBOFAN;
  }

  @Override
  public int historyLength() {
    return Math.max(scorer.historyLength(), minCycles);
  }

  @Override
  public Finding score(Telemetry event, CycleHistory history) {
    List<CycleRecord> cycles = history.recent(event.deviceId());
    if (cycles.size() < minCycles) return null;
    int cycle = cycles.get(cycles.size() - 1).cycle();
    double rul;
    double failure;
    if (rulTrees != null) {
      double[] row = FeatureExtractor.lastRow(scorer.spec(), new EngineSeries(cycles.get(0).unit(), cycles));
      rul = Math.max(0.0, rulTrees.predict(row));
      failure = failureTrees == null ? Double.NaN : failureTrees.predict(row);
    } else {
      EdgeScorer.Score s = scorer.score(cycles);
      rul = s.rul();
      failure = s.failureProbability();
    }
    if (rul < rulBelow) {
      return new Finding("rul", rul, rulBelow, String.format(Locale.ROOT,
          "predicted remaining useful life %.1f cycles at cycle %d is below %s", rul, cycle, Finding.number(rulBelow)));
    }
    if (failure > failureAbove) { // NaN without a classifier: never
      return new Finding("failure_probability", failure, failureAbove, String.format(Locale.ROOT,
          "probability of failing soon %.3f at cycle %d is above %s", failure, cycle, Finding.number(failureAbove)));
    }
    return null;
  }

  /** True when the trees are walked in Java (checked against XGBoost at load). */
  boolean javaTrees() {
    return rulTrees != null;
  }

  @Override
  public void close() {
    scorer.close();
  }
}
