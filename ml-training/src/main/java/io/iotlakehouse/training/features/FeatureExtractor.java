package io.iotlakehouse.training.features;

import java.util.List;

/**
 * Turns an engine's cycles into feature rows under a {@link FeatureSpec}. Row {@code t} uses only cycles
 * {@code <= t} (no look-ahead), and in fact only the last {@link FeatureSpec#historyLength()} of them plus the
 * current cycle number, so the same row comes out whether the engine's full history or just its recent tail is
 * passed. Pure functions: safe to call per group from Spark or per request on an edge gateway.
 *
 * <p>Row layout ({@link FeatureSpec#featureNames()}): {@code cycle} (optional), then per channel (each kept
 * sensor's z-score, then the health index when present): current value, for each window w the
 * {@link FeatureSpec#windowStats()} (any of mean, population std, least-squares slope per cycle), then the
 * exponentially weighted mean over the longest window.
 */
public final class FeatureExtractor {

  private FeatureExtractor() {}

  /** Feature rows for every cycle of the engine. */
  public static double[][] transform(FeatureSpec spec, EngineSeries engine) {
    List<CycleRecord> cycles = engine.cycles();
    double[] x = cycleNumbers(cycles);
    double[][] channels = channels(spec, cycles);
    double[][] rows = new double[cycles.size()][spec.featureCount()];
    for (int t = 0; t < rows.length; t++) {
      writeRow(spec, x, channels, t, rows[t], 0);
    }
    return rows;
  }

  /** The feature row of the engine's last cycle, computed from its recent tail only. */
  public static double[] lastRow(FeatureSpec spec, EngineSeries engine) {
    List<CycleRecord> cycles = engine.tail(spec.historyLength()).cycles();
    double[] x = cycleNumbers(cycles);
    double[][] channels = channels(spec, cycles);
    double[] row = new double[spec.featureCount()];
    writeRow(spec, x, channels, cycles.size() - 1, row, 0);
    return row;
  }

  /** z-scores of the kept sensors of one record, in the record's operating-condition cluster. */
  public static double[] zscores(OperatingConditions conditions, int[] sensors, CycleRecord r) {
    int c = conditions.assign(r.settings());
    double[] z = new double[sensors.length];
    for (int k = 0; k < sensors.length; k++) {
      z[k] = conditions.zscore(c, k, r.sensors()[sensors[k] - 1]);
    }
    return z;
  }

  /** Per-cycle channel values, [channel][cycle]: kept-sensor z-scores, then the health index if present. */
  static double[][] channels(FeatureSpec spec, List<CycleRecord> cycles) {
    int kept = spec.sensors().length;
    double[][] channels = new double[spec.channelCount()][cycles.size()];
    for (int t = 0; t < cycles.size(); t++) {
      CycleRecord r = cycles.get(t);
      if (r.settings().length != spec.settingCount() || r.sensors().length != spec.sensorCount()) {
        throw new IllegalArgumentException("unit " + r.unit() + " cycle " + r.cycle() + " has "
            + r.settings().length + " settings and " + r.sensors().length + " sensors; the feature spec expects "
            + spec.settingCount() + " and " + spec.sensorCount());
      }
      double[] z = zscores(spec.conditions(), spec.sensors(), r);
      for (int k = 0; k < kept; k++) {
        channels[k][t] = z[k];
      }
      if (spec.healthIndex() != null) {
        channels[kept][t] = spec.healthIndex().value(z);
      }
    }
    return channels;
  }

  static void writeRow(FeatureSpec spec, double[] x, double[][] channels, int t, double[] out, int offset) {
    int i = offset;
    if (spec.includeCycle()) {
      out[i++] = x[t];
    }
    int longest = spec.historyLength();
    for (double[] y : channels) {
      out[i++] = y[t];
      for (int w : spec.windows()) {
        for (WindowStat stat : spec.windowStats()) {
          out[i++] = stat.compute(x, y, t, w);
        }
      }
      out[i++] = WindowStats.ewm(y, t, longest, spec.ewmAlpha());
    }
  }

  private static double[] cycleNumbers(List<CycleRecord> cycles) {
    double[] x = new double[cycles.size()];
    for (int t = 0; t < x.length; t++) {
      x[t] = cycles.get(t).cycle();
    }
    return x;
  }
}
