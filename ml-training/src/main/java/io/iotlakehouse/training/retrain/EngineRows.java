package io.iotlakehouse.training.retrain;

import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureExtractor;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.features.RulLabels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The labelled training rows of one engine, computed with the same pure feature code as the file path
 * ({@link FeatureExtractor}, {@link RulLabels}). Spark-free: the retrain job calls it once per engine from
 * {@code groupByKey(device_id).flatMapGroups}.
 *
 * <p>A run-to-failure engine labels every cycle (capped RUL, fails within the horizon). An engine still running is
 * right-censored: its true RUL at cycle c is at least {@code lastCycle - c}, so only cycles at least {@code rulCap}
 * before its last one have a known capped label ({@code rulCap}, and "does not fail within the horizon").
 */
public final class EngineRows {

  private EngineRows() {}

  /**
   * One training row.
   *
   * @param cycle the cycle the row describes
   * @param features the feature row, in {@link FeatureSpec#featureNames()} order
   * @param rul capped remaining useful life (the regressor's label)
   * @param fails 1 when the engine fails within the horizon (the classifier's label), else 0
   */
  public record Row(int cycle, double[] features, double rul, double fails) {}

  /** The rows of {@code engine} whose labels are known. */
  public static List<Row> of(FeatureSpec spec, EngineSeries engine, boolean runToFailure, double rulCap,
      int failureHorizon) {
    if (rulCap < failureHorizon) {
      throw new IllegalArgumentException("the RUL cap (" + rulCap + ") must be at least the failure horizon ("
          + failureHorizon + ") for censored engines to be labelled");
    }
    double[][] features = FeatureExtractor.transform(spec, engine);
    double[] rul = RulLabels.piecewiseLinear(engine, 0, rulCap);
    double[] fails = RulLabels.failsWithin(engine, 0, failureHorizon);
    List<Row> out = new ArrayList<>(features.length);
    for (int t = 0; t < features.length; t++) {
      int cycle = engine.cycles().get(t).cycle();
      if (runToFailure) {
        out.add(new Row(cycle, features[t], rul[t], fails[t]));
      } else if (engine.lastCycle() - cycle >= rulCap) {
        out.add(new Row(cycle, features[t], rulCap, 0.0));
      }
    }
    return out;
  }

  /**
   * Whether a device's engine belongs to the holdout: a stable hash of its id (the same on every run and machine)
   * below {@code percent} of 100.
   */
  public static boolean inHoldout(String deviceId, int percent) {
    long h = UUID.nameUUIDFromBytes(deviceId.getBytes(StandardCharsets.UTF_8)).getLeastSignificantBits();
    return Math.floorMod(h, 100L) < percent;
  }
}
