package io.iotlakehouse.training.features;

/** Training labels derived from an engine's cycle history. */
public final class RulLabels {

  private RulLabels() {}

  /**
   * Remaining useful life at every cycle of an engine whose RUL after its last cycle is {@code rulAtEnd} (0 for a
   * run-to-failure training engine): {@code rulAtEnd + lastCycle - cycle}.
   */
  public static double[] remaining(EngineSeries engine, int rulAtEnd) {
    if (rulAtEnd < 0) {
      throw new IllegalArgumentException("rulAtEnd must be >= 0, was " + rulAtEnd);
    }
    int last = engine.lastCycle();
    double[] out = new double[engine.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rulAtEnd + last - engine.cycles().get(i).cycle();
    }
    return out;
  }

  /**
   * Piecewise-linear RUL: constant {@code cap} while the engine is healthy, then falling linearly to 0 at failure
   * ({@code min(cap, remaining)}).
   */
  public static double[] piecewiseLinear(EngineSeries engine, int rulAtEnd, double cap) {
    if (!(cap > 0)) {
      throw new IllegalArgumentException("cap must be > 0, was " + cap);
    }
    double[] r = remaining(engine, rulAtEnd);
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.min(cap, r[i]);
    }
    return r;
  }

  /** 1 where the engine fails within {@code horizon} cycles (remaining <= horizon), else 0. */
  public static double[] failsWithin(EngineSeries engine, int rulAtEnd, int horizon) {
    if (horizon < 0) {
      throw new IllegalArgumentException("horizon must be >= 0, was " + horizon);
    }
    double[] r = remaining(engine, rulAtEnd);
    for (int i = 0; i < r.length; i++) {
      r[i] = r[i] <= horizon ? 1.0 : 0.0;
    }
    return r;
  }
}
