package io.iotlakehouse.training.metrics;

/** Regression metrics for remaining-useful-life predictions. d = predicted - true throughout. */
public final class RulMetrics {

  private RulMetrics() {}

  public static double rmse(double[] predicted, double[] actual) {
    check(predicted, actual);
    double ss = 0;
    for (int i = 0; i < predicted.length; i++) {
      double d = predicted[i] - actual[i];
      ss += d * d;
    }
    return Math.sqrt(ss / predicted.length);
  }

  public static double mae(double[] predicted, double[] actual) {
    check(predicted, actual);
    double s = 0;
    for (int i = 0; i < predicted.length; i++) {
      s += Math.abs(predicted[i] - actual[i]);
    }
    return s / predicted.length;
  }

  /**
   * PHM08 challenge score, a sum over engines that penalises late predictions (over-estimating the remaining
   * life) more than early ones: {@code exp(-d/13) - 1} for {@code d < 0}, {@code exp(d/10) - 1} for
   * {@code d >= 0}. Lower is better; 0 is perfect.
   */
  public static double phmScore(double[] predicted, double[] actual) {
    check(predicted, actual);
    double s = 0;
    for (int i = 0; i < predicted.length; i++) {
      s += phmTerm(predicted[i] - actual[i]);
    }
    return s;
  }

  /** One engine's PHM08 score term for error {@code d = predicted - true}. */
  public static double phmTerm(double d) {
    return d < 0 ? Math.exp(-d / 13.0) - 1 : Math.exp(d / 10.0) - 1;
  }

  private static void check(double[] predicted, double[] actual) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(
          predicted.length + " predictions but " + actual.length + " true values");
    }
    if (predicted.length == 0) {
      throw new IllegalArgumentException("no predictions to score");
    }
  }
}
