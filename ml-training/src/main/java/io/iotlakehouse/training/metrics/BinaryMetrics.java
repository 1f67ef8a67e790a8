package io.iotlakehouse.training.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Metrics of a binary classifier that outputs scores (e.g. probabilities), against 0/1 labels.
 *
 * @param precision TP / (TP + FP) at the threshold (NaN when nothing is predicted positive)
 * @param recall TP / (TP + FN) at the threshold (NaN when there are no positives)
 * @param auc area under the ROC curve, ties counted as half (NaN when only one class is present)
 * @param positives number of positive labels
 * @param count number of examples
 */
public record BinaryMetrics(double precision, double recall, double auc, int positives, int count) {

  public static BinaryMetrics of(double[] scores, double[] labels, double threshold) {
    if (scores.length != labels.length || scores.length == 0) {
      throw new IllegalArgumentException(scores.length + " scores and " + labels.length + " labels");
    }
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int pos = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean actual = labels[i] > 0.5;
      boolean predicted = scores[i] >= threshold;
      if (actual) {
        pos++;
      }
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
    return new BinaryMetrics(precision, recall, auc(scores, labels), pos, scores.length);
  }

  /** ROC AUC via the Mann-Whitney statistic with mid-ranks for tied scores. */
  public static double auc(double[] scores, double[] labels) {
    int n = scores.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSumPositives = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // 1-based
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] > 0.5) {
          rankSumPositives += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
