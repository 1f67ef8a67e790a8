package io.iotlakehouse.edge.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which {@link FullPolicy} applies to a message, by MQTT topic filter (first match wins, else the default). Topics
 * are {@code devices/<kind>/<device_id>/telemetry}, so a filter selects a device kind ({@code devices/env/#}), a
 * device, or any MQTT filter. Written {@code filter=policy,filter=policy}, e.g.
 * {@code devices/env/#=drop-oldest,devices/truck/+/telemetry=block}. Pure; thread-safe.
 */
public final class PolicyRules {
  public record Rule(String filter, FullPolicy policy) {}

  private final List<Rule> rules;
  private final FullPolicy fallback;
  private final Map<String, FullPolicy> cache = new ConcurrentHashMap<>();

  public PolicyRules(List<Rule> rules, FullPolicy fallback) {
    this.rules = List.copyOf(rules);
    this.fallback = fallback;
  }

  /** Parses {@code filter=policy,...} (empty: no rules); throws IllegalArgumentException saying what is wrong. */
  public static PolicyRules parse(String text, FullPolicy fallback) {
    List<Rule> rules = new ArrayList<>();
    if (!text.isBlank()) {
      for (String part : text.split(",")) {
        int eq = part.lastIndexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("'" + part.trim() + "' is not <topic filter>=<policy>");
        String filter = part.substring(0, eq).trim();
        String problem = filterProblem(filter);
        if (problem != null) throw new IllegalArgumentException("topic filter '" + filter + "' " + problem);
        rules.add(new Rule(filter, FullPolicy.fromWire(part.substring(eq + 1))));
      }
    }
    return new PolicyRules(rules, fallback);
  }

  /** Null when {@code filter} is a valid MQTT topic filter, else what is wrong with it. */
  static String filterProblem(String filter) {
    if (filter.isEmpty()) return "is empty";
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) return "has '#' other than as its whole last level";
      if (l.contains("+") && !l.equals("+")) return "has '+' other than as a whole level";
    }
    return null;
  }

  public FullPolicy policyFor(String topic) {
    FullPolicy p = cache.get(topic);
    if (p != null) return p;
    p = fallback;
    for (Rule r : rules) {
      if (matches(r.filter(), topic)) {
        p = r.policy();
        break;
      }
    }
    if (cache.size() < 100_000) cache.put(topic, p);
    return p;
  }

  /** MQTT topic filter matching ({@code +} one level, {@code #} the rest, including none). */
  public static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) return true;
      if (i >= t.length) return false;
      if (!f[i].equals("+") && !f[i].equals(t[i])) return false;
    }
    return f.length == t.length;
  }

  public List<Rule> rules() {
    return rules;
  }

  public FullPolicy fallback() {
    return fallback;
  }
}
