package io.iotlakehouse.training.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

/**
 * A linear health index over the normalised kept sensors: {@code intercept + sum(weights[k] * z[k])}. Fitted by
 * ridge regression to the capped RUL of the training engines, it pools the sensors' shared degradation trend, so
 * its window features are much less noisy than any single sensor's.
 */
public record HealthIndex(@JsonProperty("intercept") double intercept, @JsonProperty("weights") double[] weights) {

  @JsonCreator
  public HealthIndex {
    weights = weights.clone();
  }

  public double value(double[] z) {
    double v = intercept;
    for (int k = 0; k < weights.length; k++) {
      v += weights[k] * z[k];
    }
    return v;
  }

  /**
   * Ridge regression with an unpenalised intercept.
   *
   * @param x rows of features
   * @param y targets
   * @param lambda L2 penalty on the weights (relative to the number of rows)
   */
  public static HealthIndex fit(double[][] x, double[] y, double lambda) {
    int n = x.length;
    if (n == 0) {
      throw new IllegalArgumentException("no rows to fit the health index on");
    }
    int p = x[0].length;
    double[] mx = new double[p];
    double my = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        mx[j] += x[i][j];
      }
      my += y[i];
    }
    for (int j = 0; j < p; j++) {
      mx[j] /= n;
    }
    my /= n;
    double[][] a = new double[p][p + 1];
    for (int i = 0; i < n; i++) {
      double dy = y[i] - my;
      for (int j = 0; j < p; j++) {
        double dj = x[i][j] - mx[j];
        for (int k = j; k < p; k++) {
          a[j][k] += dj * (x[i][k] - mx[k]);
        }
        a[j][p] += dj * dy;
      }
    }
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < j; k++) {
        a[j][k] = a[k][j];
      }
      a[j][j] += lambda * n;
    }
    double[] w = solve(a, p);
    double intercept = my;
    for (int j = 0; j < p; j++) {
      intercept -= w[j] * mx[j];
    }
    return new HealthIndex(intercept, w);
  }

  /** Gaussian elimination with partial pivoting on an augmented p x (p+1) matrix. */
  private static double[] solve(double[][] a, int p) {
    for (int col = 0; col < p; col++) {
      int pivot = col;
      for (int r = col + 1; r < p; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      double d = a[col][col];
      if (Math.abs(d) < 1e-300) {
        throw new IllegalArgumentException("health-index system is singular; increase the ridge penalty");
      }
      for (int r = col + 1; r < p; r++) {
        double f = a[r][col] / d;
        for (int c = col; c <= p; c++) {
          a[r][c] -= f * a[col][c];
        }
      }
    }
    double[] w = new double[p];
    for (int r = p - 1; r >= 0; r--) {
      double s = a[r][p];
      for (int c = r + 1; c < p; c++) {
        s -= a[r][c] * w[c];
      }
      w[r] = s / a[r][r];
    }
    return w;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HealthIndex h && intercept == h.intercept && Arrays.equals(weights, h.weights);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(intercept) * 31 + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "HealthIndex[intercept=" + intercept + ", weights=" + Arrays.toString(weights) + "]";
  }
}
