package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.edge.transform.CycleHistory;
import io.iotlakehouse.edge.transform.Finding;
import io.iotlakehouse.edge.transform.ZScoreRules;

/** The z-score / threshold model of a {@code zscore} bundle: {@link ZScoreRules} from its {@code zscore.json}. */
final class ZScoreScorer implements Scorer {
  private final ZScoreRules rules;

  ZScoreScorer(ZScoreRules rules) {
    this.rules = rules;
  }

  @Override
  public boolean covers(DeviceKind kind) {
    return rules.covers(kind);
  }

  @Override
  public int historyLength() {
    return 0;
  }

  @Override
  public Finding score(Telemetry event, CycleHistory history) {
    return rules.judge(event);
  }
}
