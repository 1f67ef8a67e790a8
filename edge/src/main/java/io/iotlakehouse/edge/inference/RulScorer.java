package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.edge.transform.CycleHistory;
import io.iotlakehouse.edge.transform.Finding;
import io.iotlakehouse.training.edge.EdgeScorer;
import io.iotlakehouse.training.features.CycleRecord;
import java.util.List;
import java.util.Locale;

/**
 * The turbofan model of an {@code xgboost-rul} bundle: ml-training's {@link EdgeScorer} (XGBoost RUL regressor,
 * optional "fails within the horizon" classifier, feature spec) over each engine's recent cycles. Alerts when the
 * predicted remaining useful life falls below {@code rul_alert_below} cycles or the failure probability exceeds
 * {@code failure_alert_above}; an engine is judged only once {@code min_cycles} of its cycles are known.
 */
final class RulScorer implements Scorer {
  private final EdgeScorer scorer;
  private final double rulBelow;
  private final double failureAbove;
  private final int minCycles;

  RulScorer(EdgeScorer scorer, double rulBelow, double failureAbove, int minCycles) {
    this.scorer = scorer;
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
    EdgeScorer.Score s = scorer.score(cycles);
    if (s.rul() < rulBelow) {
      return new Finding("rul", s.rul(), rulBelow, String.format(Locale.ROOT,
          "predicted remaining useful life %.1f cycles at cycle %d is below %s", s.rul(), s.cycle(), Finding.number(rulBelow)));
    }
    if (s.failureProbability() > failureAbove) { // NaN without a classifier: never
      return new Finding("failure_probability", s.failureProbability(), failureAbove, String.format(Locale.ROOT,
          "probability of failing soon %.3f at cycle %d is above %s", s.failureProbability(), s.cycle(), Finding.number(failureAbove)));
    }
    return null;
  }

  @Override
  public void close() {
    scorer.close();
  }
}
