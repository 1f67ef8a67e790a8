package io.iotlakehouse.training.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operating-condition clusters and per-cluster sensor z-scoring. C-MAPSS engines run at one (FD001/FD003) or six
 * (FD002/FD004) operating points, which shift every sensor; z-scoring each sensor within its operating point
 * removes that shift so the remaining variation is wear and noise.
 *
 * <p>Clusters are found by leader clustering: a record joins the first cluster whose centre is within
 * {@code tolerance[i]} in every setting i, else starts a new one; centres are then the cluster means. Unseen
 * settings go to the nearest centre (scaled Chebyshev distance).
 *
 * @param tolerance per-setting cluster radius
 * @param centers cluster centres, [cluster][setting]
 * @param mean per-cluster mean of each kept sensor, [cluster][kept sensor]
 * @param std per-cluster (population) standard deviation of each kept sensor, [cluster][kept sensor]; never 0
 */
public record OperatingConditions(
    @JsonProperty("tolerance") double[] tolerance,
    @JsonProperty("centers") double[][] centers,
    @JsonProperty("mean") double[][] mean,
    @JsonProperty("std") double[][] std) {

  @JsonCreator
  public OperatingConditions {
    if (centers.length == 0 || centers.length != mean.length || centers.length != std.length) {
      throw new IllegalArgumentException("need the same number (>0) of centres, means and stds");
    }
    for (double[] c : centers) {
      if (c.length != tolerance.length) {
        throw new IllegalArgumentException("each centre needs one value per setting (" + tolerance.length + ")");
      }
    }
    for (int c = 0; c < mean.length; c++) {
      if (mean[c].length != mean[0].length || std[c].length != mean[0].length) {
        throw new IllegalArgumentException("cluster " + c + " has a different number of sensor statistics");
      }
      for (double s : std[c]) {
        if (!(s > 0)) {
          throw new IllegalArgumentException("standard deviations must be > 0");
        }
      }
    }
  }

  public int clusterCount() {
    return centers.length;
  }

  /** Index of the cluster nearest to these settings. */
  public int assign(double[] settings) {
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centers.length; c++) {
      double d = distance(settings, centers[c], tolerance);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /** z-score of the k-th kept sensor's value in cluster {@code cluster}. */
  public double zscore(int cluster, int k, double value) {
    return (value - mean[cluster][k]) / std[cluster][k];
  }

  static double distance(double[] settings, double[] center, double[] tolerance) {
    double d = 0;
    for (int i = 0; i < tolerance.length; i++) {
      d = Math.max(d, Math.abs(settings[i] - center[i]) / tolerance[i]);
    }
    return d;
  }

  /** Leader clustering of the settings; returns the cluster centres (means of their members). */
  static double[][] clusterCenters(List<double[]> settings, double[] tolerance) {
    List<double[]> leaders = new ArrayList<>();
    List<double[]> sums = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    for (double[] s : settings) {
      if (s.length != tolerance.length) {
        throw new IllegalArgumentException("expected " + tolerance.length + " operating settings, got " + s.length
            + "; pass one condition tolerance per setting");
      }
      int found = -1;
      for (int c = 0; c < leaders.size(); c++) {
        if (distance(s, leaders.get(c), tolerance) <= 1.0) {
          found = c;
          break;
        }
      }
      if (found < 0) {
        leaders.add(s.clone());
        sums.add(new double[s.length]);
        counts.add(new int[1]);
        found = leaders.size() - 1;
      }
      double[] sum = sums.get(found);
      for (int i = 0; i < s.length; i++) {
        sum[i] += s[i];
      }
      counts.get(found)[0]++;
    }
    double[][] centers = new double[leaders.size()][];
    for (int c = 0; c < centers.length; c++) {
      double[] sum = sums.get(c);
      int n = counts.get(c)[0];
      centers[c] = Arrays.stream(sum).map(v -> v / n).toArray();
    }
    return centers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OperatingConditions oc
        && Arrays.equals(tolerance, oc.tolerance)
        && Arrays.deepEquals(centers, oc.centers)
        && Arrays.deepEquals(mean, oc.mean)
        && Arrays.deepEquals(std, oc.std);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(centers);
  }

  @Override
  public String toString() {
    return "OperatingConditions[clusters=" + centers.length + ", centers=" + Arrays.deepToString(centers) + "]";
  }
}
