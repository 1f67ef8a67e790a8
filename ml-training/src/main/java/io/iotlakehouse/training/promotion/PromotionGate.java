package io.iotlakehouse.training.promotion;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.training.TrainingKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The promotion gate as a pure function: a candidate becomes {@code champion} only if it beats the current champion on
 * the same holdout by the configured margin and passes the sanity checks (the edge's scorer loads it, it is small
 * enough to ship, it scores fast enough). Every failed check is a reason; a decision with no reason promotes.
 */
public final class PromotionGate {
  private PromotionGate() {}

  /** What the gate requires. */
  public record Policy(double margin, long maxModelBytes, double maxScoreMicros) {
    public static Policy from(Config config) {
      return new Policy(config.get(TrainingKeys.GATE_MARGIN), config.get(TrainingKeys.GATE_MAX_MODEL_BYTES),
          config.get(TrainingKeys.GATE_MAX_SCORE_US));
    }
  }

  /**
   * What is known of a candidate.
   *
   * @param metric the compared holdout metric, e.g. {@code holdout_rmse}
   * @param candidate its value for the candidate, null if the run did not log it
   * @param champion the champion's value on the same holdout, null when there is no champion
   * @param championChanged the champion was moved after the candidate's run scored it: the comparison is stale
   * @param edgeError why the edge's scorer could not load the version, null when it loaded
   * @param scoreMicros mean time to score one engine with the edge's scorer, NaN when it did not load
   */
  public record Evidence(String metric, boolean lowerIsBetter, Double candidate, Double champion, boolean championChanged,
      long modelBytes, String edgeError, double scoreMicros) {}

  public record Decision(boolean promote, List<String> reasons) {
    public Decision {
      reasons = List.copyOf(reasons);
    }

    /** One line for the version's tag: "promoted: ..." or "rejected: reason; reason". */
    public String summary(Evidence e) {
      String compared = e.champion() == null
          ? "no champion yet"
          : String.format(Locale.ROOT, "%s %.4f vs champion %.4f", e.metric(), e.candidate(), e.champion());
      return promote ? "promoted: " + compared : "rejected: " + String.join("; ", reasons);
    }
  }

  public static Decision decide(Evidence e, Policy p) {
    List<String> reasons = new ArrayList<>();
    if (e.candidate() == null || e.candidate().isNaN()) {
      reasons.add("the candidate's run logged no " + e.metric() + ": it was not evaluated on the holdout");
    } else if (e.championChanged()) {
      reasons.add("the champion changed after the candidate's run scored it: rerun the retrain so both are compared "
          + "on the same holdout");
    } else if (e.champion() != null && !beats(e, p.margin())) {
      reasons.add(String.format(Locale.ROOT, "%s %.4f does not beat the champion's %.4f by the margin of %.1f%% "
          + "(ml.gate.margin)", e.metric(), e.candidate(), e.champion(), p.margin() * 100));
    }
    if (e.edgeError() != null) {
      reasons.add("the edge scorer cannot load it: " + e.edgeError());
    } else if (!(e.scoreMicros() <= p.maxScoreMicros())) {
      reasons.add(String.format(Locale.ROOT, "scoring one engine takes %.0f us, above ml.gate.max-score-us = %.0f",
          e.scoreMicros(), p.maxScoreMicros()));
    }
    if (e.modelBytes() > p.maxModelBytes()) {
      reasons.add("its files are " + e.modelBytes() + " bytes, above ml.gate.max-model-bytes = " + p.maxModelBytes());
    }
    return new Decision(reasons.isEmpty(), reasons);
  }

  private static boolean beats(Evidence e, double margin) {
    return e.lowerIsBetter()
        ? e.candidate() <= e.champion() * (1 - margin)
        : e.candidate() >= e.champion() * (1 + margin);
  }
}
