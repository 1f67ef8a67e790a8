package io.iotlakehouse.registry.server.search;

import java.util.Comparator;
import java.util.function.Function;

/** Comparators with SQL-like semantics: missing values sort last whatever the direction. */
final class Sorting {
  private Sorting() {
  }

  static <T, V extends Comparable<? super V>> Comparator<T> by(Function<T, V> key, boolean ascending) {
    return (a, b) -> {
      V x = key.apply(a);
      V y = key.apply(b);
      if (x == null || y == null) {
        return x == null ? (y == null ? 0 : 1) : -1;
      }
      return ascending ? x.compareTo(y) : y.compareTo(x);
    };
  }

  /** Numbers with NaN after every number and missing values after NaN, as MLflow sorts metrics. */
  static <T> Comparator<T> byMetric(Function<T, Double> key, boolean ascending) {
    return (a, b) -> {
      int ra = rank(key.apply(a));
      int rb = rank(key.apply(b));
      if (ra != rb || ra != 0) {
        return Integer.compare(ra, rb);
      }
      int c = Double.compare(key.apply(a), key.apply(b));
      return ascending ? c : -c;
    };
  }

  private static int rank(Double value) {
    return value == null ? 2 : value.isNaN() ? 1 : 0;
  }
}
