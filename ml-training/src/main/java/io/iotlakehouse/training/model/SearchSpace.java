package io.iotlakehouse.training.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Candidate hyper-parameter values. Rounds are not sampled: each trial trains {@code maxRounds(eta)} trees and
 * is scored at every {@link #roundStep()} trees, so the number of trees is chosen for free.
 */
public record SearchSpace(
    int[] maxDepth, double[] eta, double[] subsample, double[] colsampleBytree, double[] minChildWeight,
    int roundStep, double etaTimesRounds, int maxRoundsCap) {

  public SearchSpace {
    if (maxDepth.length == 0 || eta.length == 0 || subsample.length == 0 || colsampleBytree.length == 0
        || minChildWeight.length == 0) {
      throw new IllegalArgumentException("every hyper-parameter needs at least one candidate value");
    }
    if (roundStep < 1 || !(etaTimesRounds > 0) || maxRoundsCap < roundStep) {
      throw new IllegalArgumentException("bad round settings: step " + roundStep + ", eta*rounds " + etaTimesRounds
          + ", cap " + maxRoundsCap);
    }
  }

  public static SearchSpace defaults() {
    return new SearchSpace(
        new int[] {3, 4, 5, 6},
        new double[] {0.05, 0.1},
        new double[] {0.6, 0.8, 1.0},
        new double[] {0.3, 0.5, 0.8},
        new double[] {3, 10, 30},
        25, 35, 800);
  }

  /** Trees trained per trial for a learning rate: enough for convergence, capped. */
  public int maxRounds(double eta) {
    int r = (int) Math.ceil(etaTimesRounds / eta / roundStep) * roundStep;
    return Math.max(roundStep, Math.min(maxRoundsCap, r));
  }

  /** Tree counts at which a trial with {@code rounds} trees is scored: every step up to rounds. */
  public int[] checkpoints(int rounds) {
    List<Integer> out = new ArrayList<>();
    for (int r = roundStep; r < rounds; r += roundStep) {
      out.add(r);
    }
    out.add(rounds);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Distinct candidates in a seeded random order, {@code first} (if given) at the front; at most {@code limit}.
   */
  public List<XgbParams> candidates(XgbParams first, int limit, long seed) {
    List<XgbParams> all = new ArrayList<>();
    for (int d : maxDepth) {
      for (double e : eta) {
        for (double s : subsample) {
          for (double c : colsampleBytree) {
            for (double m : minChildWeight) {
              all.add(new XgbParams(d, e, maxRounds(e), s, c, m));
            }
          }
        }
      }
    }
    Collections.shuffle(all, new Random(seed));
    Set<XgbParams> ordered = new LinkedHashSet<>();
    if (first != null) {
      ordered.add(first.withRounds(maxRounds(first.eta())));
    }
    ordered.addAll(all);
    return new ArrayList<>(ordered).subList(0, Math.min(limit, ordered.size()));
  }
}
