package io.iotlakehouse.registry.server.search;

import java.util.regex.Pattern;

/** String and number comparison semantics of MLflow's search: LIKE is case-sensitive, ILIKE is not. */
public final class Matching {
  private Matching() {
  }

  public static boolean strings(String comparator, String actual, Comparison.Value value) {
    if (actual == null) {
      return false;
    }
    return switch (comparator) {
      case "=" -> actual.equals(value.text());
      case "!=" -> !actual.equals(value.text());
      case "LIKE" -> like(value.text(), false).matcher(actual).matches();
      case "ILIKE" -> like(value.text(), true).matcher(actual).matches();
      case "IN" -> value.list() != null && value.list().contains(actual);
      case "NOT IN" -> value.list() != null && !value.list().contains(actual);
      default -> false;
    };
  }

  public static boolean numbers(String comparator, Double actual, double expected) {
    if (actual == null) {
      return false;
    }
    int c = Double.compare(actual, expected);
    return switch (comparator) {
      case "=" -> actual == expected;
      case "!=" -> actual != expected;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      default -> false;
    };
  }

  /** SQL LIKE pattern ({@code %} any run, {@code _} one character) as a regular expression. */
  static Pattern like(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
  }
}
