package io.iotlakehouse.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a config value is parsed from text, and how its expected form is described in error messages. */
public interface ValueType<T> {
  T parse(String text);

  String expectation();

  ValueType<String> STRING = simple(s -> s, "a string");
  ValueType<Integer> INT = simple(s -> Integer.parseInt(s.trim()), "a whole number");
  ValueType<Long> LONG = simple(s -> Long.parseLong(s.trim()), "a whole number");
  ValueType<Double> DOUBLE = simple(s -> Double.parseDouble(s.trim()), "a number");
  ValueType<Path> PATH = simple(s -> Path.of(s.trim()), "a file system path");
  ValueType<Boolean> BOOLEAN =
      simple(
          s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(s);
          },
          "true or false");

  /** Durations like {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d}. */
  ValueType<Duration> DURATION =
      simple(
          s -> {
            Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(s.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) throw new IllegalArgumentException(s);
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
          },
          "a duration such as 500ms, 5s, 2m, 1h or 7d");

  /** Sizes in bytes like {@code 65536}, {@code 64KiB}, {@code 10MiB}, {@code 2GiB}. */
  ValueType<Long> SIZE =
      simple(
          s -> {
            Matcher m = Pattern.compile("(\\d+)\\s*(|b|kib|mib|gib)").matcher(s.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) throw new IllegalArgumentException(s);
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
              case "kib" -> n << 10;
              case "mib" -> n << 20;
              case "gib" -> n << 30;
              default -> n;
            };
          },
          "a size in bytes such as 65536, 64KiB, 10MiB or 2GiB");

  static <T> ValueType<T> simple(java.util.function.Function<String, T> parser, String expectation) {
    return new ValueType<>() {
      @Override
      public T parse(String text) {
        return parser.apply(text);
      }

      @Override
      public String expectation() {
        return expectation;
      }
    };
  }
}
