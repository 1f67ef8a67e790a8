package io.iotlakehouse.training.features;

import java.util.Arrays;
import java.util.List;

/**
 * How a {@link FeatureSpec} is fitted on training engines.
 *
 * @param windows trailing window lengths (cycles) for the rolling statistics
 * @param windowStats statistics computed over every window of every channel, in feature order
 * @param ewmAlpha smoothing factor of the exponentially weighted mean (computed over the longest window)
 * @param minDistinctValues a sensor is kept only if, within some operating condition, it takes at least this many
 *     distinct values on the training data (C-MAPSS has sensors that are constant or flip between two values)
 * @param conditionTolerance per operating setting: settings closer than this (in every setting) belong to the
 *     same operating-condition cluster
 * @param includeCycle add the cycle number as a feature
 * @param healthIndex add a health-index channel: a ridge-regression combination of the normalised sensors fitted
 *     to the capped RUL label of the training engines, with the same window features as the sensors
 * @param rulCap cap of the piecewise-linear RUL the health index is fitted to
 */
public record FeatureOptions(
    int[] windows,
    List<WindowStat> windowStats,
    double ewmAlpha,
    int minDistinctValues,
    double[] conditionTolerance,
    boolean includeCycle,
    boolean healthIndex,
    double rulCap) {

  public static final int[] DEFAULT_WINDOWS = {10, 30, 60, 120};
  public static final List<WindowStat> DEFAULT_WINDOW_STATS = List.of(WindowStat.SLOPE);
  public static final double[] DEFAULT_CONDITION_TOLERANCE = {0.5, 0.05, 0.5};

  public FeatureOptions {
    windows = windows.clone();
    windowStats = List.copyOf(windowStats);
    if (windowStats.isEmpty() || new java.util.HashSet<>(windowStats).size() != windowStats.size()) {
      throw new IllegalArgumentException("windowStats must be non-empty and distinct: " + windowStats);
    }
    conditionTolerance = conditionTolerance.clone();
    if (windows.length == 0) {
      throw new IllegalArgumentException("at least one window is needed");
    }
    for (int w : windows) {
      if (w < 2) {
        throw new IllegalArgumentException("windows must be >= 2 cycles, got " + Arrays.toString(windows));
      }
    }
    if (!(ewmAlpha > 0 && ewmAlpha <= 1)) {
      throw new IllegalArgumentException("ewmAlpha must be in (0, 1], was " + ewmAlpha);
    }
    if (minDistinctValues < 1) {
      throw new IllegalArgumentException("minDistinctValues must be >= 1, was " + minDistinctValues);
    }
    for (double t : conditionTolerance) {
      if (!(t > 0)) {
        throw new IllegalArgumentException(
            "condition tolerances must be > 0: " + Arrays.toString(conditionTolerance));
      }
    }
    if (!(rulCap > 0)) {
      throw new IllegalArgumentException("rulCap must be > 0, was " + rulCap);
    }
  }

  /**
   * Defaults chosen by grouped CV on FD001 (see the module README): long windows matter most (the slope of the
   * health index over 60-120 cycles tells how far degradation has gone); window std only added noise and window
   * means added nothing over the current value and the EWM, so only slopes are computed per window.
   */
  public static FeatureOptions defaults() {
    return new FeatureOptions(DEFAULT_WINDOWS, DEFAULT_WINDOW_STATS, 0.1, 3, DEFAULT_CONDITION_TOLERANCE, true,
        true, 125);
  }

  public FeatureOptions withWindows(int... w) {
    return new FeatureOptions(w, windowStats, ewmAlpha, minDistinctValues, conditionTolerance, includeCycle,
        healthIndex, rulCap);
  }

  public FeatureOptions withWindowStats(WindowStat... stats) {
    return new FeatureOptions(windows, List.of(stats), ewmAlpha, minDistinctValues, conditionTolerance,
        includeCycle, healthIndex, rulCap);
  }

  public FeatureOptions withEwmAlpha(double a) {
    return new FeatureOptions(windows, windowStats, a, minDistinctValues, conditionTolerance, includeCycle,
        healthIndex, rulCap);
  }

  public FeatureOptions withMinDistinctValues(int n) {
    return new FeatureOptions(windows, windowStats, ewmAlpha, n, conditionTolerance, includeCycle, healthIndex,
        rulCap);
  }

  public FeatureOptions withConditionTolerance(double... t) {
    return new FeatureOptions(windows, windowStats, ewmAlpha, minDistinctValues, t, includeCycle, healthIndex,
        rulCap);
  }

  public FeatureOptions withIncludeCycle(boolean on) {
    return new FeatureOptions(windows, windowStats, ewmAlpha, minDistinctValues, conditionTolerance, on,
        healthIndex, rulCap);
  }

  public FeatureOptions withHealthIndex(boolean on) {
    return new FeatureOptions(windows, windowStats, ewmAlpha, minDistinctValues, conditionTolerance, includeCycle,
        on, rulCap);
  }

  public FeatureOptions withRulCap(double cap) {
    return new FeatureOptions(windows, windowStats, ewmAlpha, minDistinctValues, conditionTolerance, includeCycle,
        healthIndex, cap);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureOptions f
        && Arrays.equals(windows, f.windows)
        && windowStats.equals(f.windowStats)
        && ewmAlpha == f.ewmAlpha
        && minDistinctValues == f.minDistinctValues
        && Arrays.equals(conditionTolerance, f.conditionTolerance)
        && includeCycle == f.includeCycle
        && healthIndex == f.healthIndex
        && rulCap == f.rulCap;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(windows) * 31 + Arrays.hashCode(conditionTolerance);
  }

  @Override
  public String toString() {
    return "FeatureOptions[windows=" + Arrays.toString(windows) + ", windowStats=" + windowStats + ", ewmAlpha="
        + ewmAlpha + ", minDistinctValues="
        + minDistinctValues + ", conditionTolerance=" + Arrays.toString(conditionTolerance) + ", includeCycle="
        + includeCycle + ", healthIndex=" + healthIndex + ", rulCap=" + rulCap + "]";
  }
}
