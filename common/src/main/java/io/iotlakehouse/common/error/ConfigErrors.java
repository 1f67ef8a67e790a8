package io.iotlakehouse.common.error;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Factory methods for configuration and argument errors. */
public final class ConfigErrors {
  private ConfigErrors() {}

  public static LakehouseException unknownKey(String key, Collection<String> knownKeys) {
    List<String> close = closest(key, knownKeys, 3);
    String fix = "remove it or correct its name; `lakehouse config` lists every key with its default and meaning";
    return new LakehouseException(
        "Unknown config key '" + key + "'",
        "no module declares it, so it would be silently ignored",
        close.isEmpty() ? fix : "did you mean " + String.join(" or ", close) + "? Otherwise " + fix);
  }

  public static LakehouseException invalidValue(String key, String value, String expectation, String doc) {
    return new LakehouseException(
        "Invalid value '" + value + "' for config key '" + key + "'",
        "it must be " + expectation,
        "set " + key + " to a valid value (" + doc + ")");
  }

  public static LakehouseException malformedOverride(String override) {
    return new LakehouseException(
        "Malformed --conf '" + override + "'",
        "an override must have the form key=value",
        "write it as --conf some.key=value, e.g. --conf kafka.bootstrap-servers=127.0.0.1:9092");
  }

  public static LakehouseException unreadableFile(String path, String reason) {
    return new LakehouseException(
        "Cannot read config file '" + path + "'",
        reason,
        "check the path given to --config-file (a Java properties file of key=value lines)");
  }

  /**
   * Up to {@code max} known keys closest to {@code key} by edit distance: only reasonably close ones, and only those
   * about as close as the best match (a near miss should not also suggest every key that shares a prefix).
   */
  public static List<String> closest(String key, Collection<String> knownKeys, int max) {
    int best = knownKeys.stream().mapToInt(k -> distance(key, k)).min().orElse(Integer.MAX_VALUE);
    int limit = Math.min(Math.max(3, key.length() / 3), best + 1);
    return knownKeys.stream()
        .map(k -> new Object[] {k, distance(key, k)})
        .filter(p -> (int) p[1] <= limit)
        .sorted(Comparator.comparingInt((Object[] p) -> (int) p[1]).thenComparing(p -> (String) p[0]))
        .limit(max)
        .map(p -> (String) p[0])
        .toList();
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
