package io.iotlakehouse.training.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Random search over a {@link SearchSpace}, scored by grouped cross-validation and bounded by a wall-clock budget:
 * a trial is started only while its predicted duration (its {@link #cost} at the slowest rate seen so far), plus
 * a reserve for the work that follows the search (in trials of the winner), still fits in the budget; candidates
 * that would not fit are skipped in favour of cheaper ones. The first trial always runs, so there is always a
 * result.
 */
public final class HyperparameterSearch {

  private HyperparameterSearch() {}

  /**
   * One evaluated candidate.
   *
   * @param params the candidate, with {@code rounds} set to its best checkpoint
   * @param score CV score at that checkpoint
   * @param seconds wall-clock time of the trial
   * @param trainedRounds trees trained per fold (the candidate's rounds before picking the best checkpoint)
   */
  public record Trial(XgbParams params, CvScore score, double seconds, int trainedRounds) {

    /** Seconds per unit of {@link #cost}, as measured by this trial. */
    double secondsPerCost() {
      return seconds / cost(params.withRounds(trainedRounds));
    }
  }

  /** Cost of the cheapest candidate of the space. */
  static double cheapest(SearchSpace space) {
    double min = Double.POSITIVE_INFINITY;
    for (int d : space.maxDepth()) {
      for (double e : space.eta()) {
        min = Math.min(min, (double) space.maxRounds(e) * d);
      }
    }
    return min;
  }

  /**
   * Relative training work of a candidate: histogram building dominates and is done once per tree level, so
   * work grows with trees x depth. Used only to predict trial durations from finished ones.
   */
  static double cost(XgbParams p) {
    return (double) p.rounds() * p.maxDepth();
  }

  /**
   * @param best lowest CV RMSE
   * @param trials all finished trials in run order
   * @param seconds wall-clock time of the search
   */
  public record Result(Trial best, List<Trial> trials, double seconds) {

    /**
     * Predicted duration of one more CV pass with these parameters, at the slowest rate the trials showed.
     */
    public double predictCvSeconds(XgbParams params) {
      return trials.stream().mapToDouble(Trial::secondsPerCost).max().orElse(0) * cost(params);
    }
  }

  public static Result run(GroupedCrossValidation cv, SearchSpace space, XgbParams first, Duration budget,
      int maxTrials, long seed, Consumer<String> log) {
    return run(cv, space, first, budget, 0, maxTrials, seed, log);
  }

  /**
   * @param reserveTrials time kept free after the search, in CV passes of the best candidate so far (e.g. for
   *     the final fits)
   */
  public static Result run(GroupedCrossValidation cv, SearchSpace space, XgbParams first, Duration budget,
      double reserveTrials, int maxTrials, long seed, Consumer<String> log) {
    if (maxTrials < 1) {
      throw new IllegalArgumentException("maxTrials must be >= 1, was " + maxTrials);
    }
    long start = System.nanoTime();
    long budgetNanos = budget.toNanos();
    List<Trial> trials = new ArrayList<>();
    int skipped = 0;
    for (XgbParams candidate : space.candidates(first, Integer.MAX_VALUE, seed)) {
      if (trials.size() >= maxTrials) {
        break;
      }
      long elapsed = System.nanoTime() - start;
      if (!trials.isEmpty()) {
        // predicted from the slowest rate seen so far (conservative on a shared machine): the candidate's own
        // trial, and the work after the search, which retrains the best candidate so far
        double rate = trials.stream().mapToDouble(Trial::secondsPerCost).max().orElse(0) * 1e9;
        double next = rate * cost(candidate);
        double bestSoFar = rate * cost(trials.stream().min(Comparator.comparingDouble(t -> t.score().rmse()))
            .orElseThrow().params());
        double after = reserveTrials * bestSoFar;
        if (elapsed + after + rate * cheapest(space) > budgetNanos) {
          log.accept(String.format(java.util.Locale.ROOT,
              "search budget spent: %.1f s left, %.1f s kept to finish", (budgetNanos - elapsed) / 1e9, after / 1e9));
          break;
        }
        if (elapsed + next + after > budgetNanos) {
          skipped++; // too slow for what is left: try a cheaper candidate
          continue;
        }
      }
      long t0 = System.nanoTime();
      List<CvScore> scores = cv.evaluateRegressor(candidate, space.checkpoints(candidate.rounds()));
      CvScore best = scores.stream().min(Comparator.comparingDouble(CvScore::rmse)).orElseThrow();
      Trial trial = new Trial(candidate.withRounds(best.rounds()), best, (System.nanoTime() - t0) / 1e9,
          candidate.rounds());
      trials.add(trial);
      log.accept(String.format(java.util.Locale.ROOT,
          "trial %d: %s -> cv rmse %.3f phm %.1f (%.1f s)", trials.size(), trial.params().asMap(), best.rmse(),
          best.phm(), trial.seconds()));
    }
    if (skipped > 0) {
      log.accept("skipped " + skipped + " candidates predicted not to fit in the budget");
    }
    Trial best = trials.stream().min(Comparator.comparingDouble(t -> t.score().rmse())).orElseThrow();
    return new Result(best, List.copyOf(trials), (System.nanoTime() - start) / 1e9);
  }
}
