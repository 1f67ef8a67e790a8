package io.iotlakehouse.common.config;

import java.util.Arrays;
import java.util.List;

/** A check on a parsed config value. {@link #describe()} completes the sentence "it must be ...". */
public interface Validator<T> {
  boolean test(T value);

  String describe();

  static <T> Validator<T> any() {
    return of(v -> true, "any value");
  }

  static Validator<String> nonBlank() {
    return of(s -> !s.isBlank(), "a non-empty string");
  }

  static <N extends Number & Comparable<N>> Validator<N> between(N min, N max) {
    return of(v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0, "between " + min + " and " + max);
  }

  static <N extends Number & Comparable<N>> Validator<N> atLeast(N min) {
    return of(v -> v.compareTo(min) >= 0, "at least " + min);
  }

  static Validator<java.time.Duration> positiveDuration() {
    return of(d -> !d.isNegative() && !d.isZero(), "a positive duration");
  }

  static Validator<String> oneOf(String... allowed) {
    List<String> list = Arrays.asList(allowed);
    return of(list::contains, "one of " + String.join(", ", list));
  }

  /** A comma-separated list of host:port pairs, or empty (meaning: start the embedded service). */
  static Validator<String> hostPortsOrEmpty() {
    return of(
        s -> s.isBlank() || Arrays.stream(s.split(",")).allMatch(hp -> hp.trim().matches("[A-Za-z0-9_.\\-\\[\\]:]+:\\d{1,5}")),
        "empty (start the embedded service) or a comma-separated list of host:port");
  }

  static <T> Validator<T> of(java.util.function.Predicate<T> predicate, String description) {
    return new Validator<>() {
      @Override
      public boolean test(T value) {
        return predicate.test(value);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }
}
