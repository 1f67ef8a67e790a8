package io.iotlakehouse.edge.transform;

/**
 * What a model found wrong with one event: the quantity it judged ({@code measure}, e.g. {@code z(temperature_c)} or
 * {@code rul}), its value ({@code score}), the limit it crossed and a sentence for operators.
 */
public record Finding(String measure, double score, double threshold, String reason) {
  /** A number as short as it reads in a reason: 61 not 61.0, 2.5 as is. */
  public static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
