package io.iotlakehouse.training.features;

/**
 * Trailing-window statistics over a series, each computed from the {@code n} values ending at index {@code end}
 * (inclusive), i.e. never from anything after {@code end}. When fewer than {@code n} values exist the window
 * shrinks to what is there. All functions are pure and allocation-free.
 */
public final class WindowStats {

  private WindowStats() {}

  /** First index of the window of (at most) {@code n} values ending at {@code end}. */
  public static int start(int end, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("window must be >= 1, was " + n);
    }
    if (end < 0) {
      throw new IllegalArgumentException("end index must be >= 0, was " + end);
    }
    return Math.max(0, end - n + 1);
  }

  /** Arithmetic mean of the window. */
  public static double mean(double[] y, int end, int n) {
    int from = start(end, n);
    double sum = 0;
    for (int i = from; i <= end; i++) {
      sum += y[i];
    }
    return sum / (end - from + 1);
  }

  /** Population standard deviation of the window (0 for a single value). */
  public static double std(double[] y, int end, int n) {
    int from = start(end, n);
    int count = end - from + 1;
    if (count < 2) {
      return 0.0;
    }
    double mean = mean(y, end, n);
    double ss = 0;
    for (int i = from; i <= end; i++) {
      double d = y[i] - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / count);
  }

  /**
   * Ordinary least-squares slope of {@code y} against {@code x} over the window (change of y per unit of x, e.g.
   * per cycle). 0 when the window has fewer than two points or all x are equal.
   */
  public static double slope(double[] x, double[] y, int end, int n) {
    int from = start(end, n);
    int count = end - from + 1;
    if (count < 2) {
      return 0.0;
    }
    double mx = 0;
    double my = 0;
    for (int i = from; i <= end; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= count;
    my /= count;
    double sxy = 0;
    double sxx = 0;
    for (int i = from; i <= end; i++) {
      double dx = x[i] - mx;
      sxy += dx * (y[i] - my);
      sxx += dx * dx;
    }
    return sxx == 0 ? 0.0 : sxy / sxx;
  }

  /**
   * Exponentially weighted mean over the window: weight {@code (1-alpha)^k} for the value k steps before
   * {@code end}, normalised by the sum of the weights. Being bounded by the window keeps the feature computable
   * from a fixed-length recent history (what an edge gateway keeps).
   */
  public static double ewm(double[] y, int end, int n, double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], was " + alpha);
    }
    int from = start(end, n);
    double weight = 1.0;
    double num = 0;
    double den = 0;
    for (int i = end; i >= from; i--) {
      num += weight * y[i];
      den += weight;
      weight *= 1 - alpha;
    }
    return num / den;
  }
}
