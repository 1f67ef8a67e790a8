package io.iotlakehouse.mqttbroker.security;

/**
 * MQTT topic filter algebra (MQTT 5 section 4.7): does a filter match a topic, and does one filter cover another
 * (every topic the second matches, the first matches too). Wildcards at the first level never match topics that
 * start with {@code $}.
 */
public final class TopicFilters {
  private TopicFilters() {}

  /** True when {@code filter} matches the concrete {@code topic}. */
  public static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    if (topic.startsWith("$") && isWildcard(f[0])) return false;
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) return true; // also matches the parent level: "a/#" matches "a"
      if (i >= t.length) return false;
      if (!f[i].equals("+") && !f[i].equals(t[i])) return false;
    }
    return f.length == t.length;
  }

  /** True when every topic {@code requested} matches is matched by {@code allowed}. */
  public static boolean covers(String allowed, String requested) {
    String[] a = allowed.split("/", -1);
    String[] r = requested.split("/", -1);
    if (isWildcard(a[0]) && r[0].startsWith("$")) return false;
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals("#")) return true;
      if (i >= r.length || r[i].equals("#")) return false;
      if (a[i].equals("+")) continue; // covers a literal or a '+'
      if (!a[i].equals(r[i])) return false;
    }
    return a.length == r.length;
  }

  private static boolean isWildcard(String level) {
    return level.equals("+") || level.equals("#");
  }
}
