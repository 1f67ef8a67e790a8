package io.iotlakehouse.edge.transform;

import static io.iotlakehouse.edge.transform.Finding.number;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Telemetry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The z-score / threshold model: per device kind and sensor either a z-score rule (the fleet's {@code mean} and
 * {@code std} of the sensor: alert when {@code |value - mean| / std > max_z}) or bounds (alert when
 * {@code value < min} or {@code value > max}; either may be absent). JSON:
 * <pre>{"rules": [
 *   {"device_kind": "env", "sensor": "temperature_c", "mean": 22.0, "std": 2.5, "max_z": 4},
 *   {"device_kind": "truck", "sensor": "oil_pressure_kpa", "min": 150, "max": 650}]}</pre>
 * Sensors are named as in {@link Readings}. An event is judged by the rules of its kind in order; the first rule it
 * breaks gives the finding's measure, score and threshold, and the reason lists every broken rule. A reading that
 * is not a finite number is not judged (silver quarantines it). Pure and thread-safe.
 */
public final class ZScoreRules {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One rule; {@code index} is the sensor's position in {@link Readings#names}. */
  record Rule(String sensor, int index, double mean, double std, double maxZ, double min, double max) {
    boolean zscore() {
      return !Double.isNaN(std);
    }

    /** The finding for a value breaking this rule, or null. */
    Finding judge(double v) {
      if (zscore()) {
        double z = (v - mean) / std;
        if (Math.abs(z) <= maxZ) return null;
        return new Finding("z(" + sensor + ")", Math.abs(z), maxZ, String.format(Locale.ROOT,
            "%s=%s is %.2f std %s the mean %s (limit %s)", sensor, number(v), Math.abs(z), z > 0 ? "above" : "below", number(mean), number(maxZ)));
      }
      if (v < min) return new Finding(sensor, v, min, sensor + "=" + number(v) + " is below the minimum " + number(min));
      if (v > max) return new Finding(sensor, v, max, sensor + "=" + number(v) + " is above the maximum " + number(max));
      return null;
    }
  }

  private final Map<DeviceKind, List<Rule>> byKind;

  private ZScoreRules(Map<DeviceKind, List<Rule>> byKind) {
    this.byKind = byKind;
  }

  /** The device kinds some rule applies to. */
  public Set<DeviceKind> kinds() {
    return byKind.keySet();
  }

  public boolean covers(DeviceKind kind) {
    return byKind.containsKey(kind);
  }

  /** The finding for this event, or null when it breaks no rule (or no rule covers its kind). */
  public Finding judge(Telemetry event) {
    List<Rule> rules = byKind.get(event.kind());
    if (rules == null) return null;
    Finding first = null;
    StringBuilder reasons = null;
    for (Rule r : rules) {
      double v = Readings.value(event.payload(), r.index());
      if (!Double.isFinite(v)) continue;
      Finding f = r.judge(v);
      if (f == null) continue;
      if (first == null) {
        first = f;
      } else {
        if (reasons == null) reasons = new StringBuilder(first.reason());
        reasons.append("; ").append(f.reason());
      }
    }
    if (first == null || reasons == null) return first;
    return new Finding(first.measure(), first.score(), first.threshold(), reasons.toString());
  }

  /** Parses the rules JSON; {@link IllegalArgumentException} says which rule is wrong and how. */
  public static ZScoreRules parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
      throw new IllegalArgumentException("the rules are not JSON: " + detail);
    }
    if (root == null || !root.path("rules").isArray() || root.path("rules").isEmpty()) {
      throw new IllegalArgumentException("expected {\"rules\": [ ... ]} with at least one rule");
    }
    Map<DeviceKind, List<Rule>> byKind = new EnumMap<>(DeviceKind.class);
    int n = 0;
    for (JsonNode r : root.path("rules")) {
      n++;
      Rule rule = rule(r, n);
      byKind.computeIfAbsent(kind(r, n), k -> new ArrayList<>()).add(rule);
    }
    byKind.replaceAll((k, v) -> List.copyOf(v));
    return new ZScoreRules(byKind);
  }

  private static DeviceKind kind(JsonNode r, int n) {
    String k = r.path("device_kind").asText("");
    for (DeviceKind d : DeviceKind.values()) if (d.wireName().equals(k)) return d;
    throw new IllegalArgumentException("rule " + n + ": device_kind '" + k + "' is not one of env, truck, turbofan");
  }

  private static Rule rule(JsonNode r, int n) {
    for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!Set.of("device_kind", "sensor", "mean", "std", "max_z", "min", "max").contains(f)) {
        throw new IllegalArgumentException("rule " + n + ": unknown field '" + f + "' (a rule has device_kind, sensor and "
            + "either mean, std, max_z or min and/or max)");
      }
    }
    DeviceKind kind = kind(r, n);
    String sensor = r.path("sensor").asText("");
    int index = Readings.names(kind).indexOf(sensor);
    if (index < 0) {
      throw new IllegalArgumentException("rule " + n + ": " + kind.wireName() + " has no sensor '" + sensor + "' (it has "
          + String.join(", ", Readings.names(kind)) + ")");
    }
    boolean z = r.has("mean") || r.has("std") || r.has("max_z");
    boolean bounds = r.has("min") || r.has("max");
    if (z == bounds) {
      throw new IllegalArgumentException("rule " + n + " (" + sensor + "): give either mean, std and max_z (z-score) or "
          + "min and/or max (bounds)");
    }
    if (z) {
      double mean = numberField(r, "mean", n);
      double std = numberField(r, "std", n);
      double maxZ = numberField(r, "max_z", n);
      if (!(std > 0) || !(maxZ > 0)) {
        throw new IllegalArgumentException("rule " + n + " (" + sensor + "): std and max_z must be positive");
      }
      return new Rule(sensor, index, mean, std, maxZ, Double.NaN, Double.NaN);
    }
    double min = r.has("min") ? numberField(r, "min", n) : Double.NEGATIVE_INFINITY;
    double max = r.has("max") ? numberField(r, "max", n) : Double.POSITIVE_INFINITY;
    if (!(min < max)) throw new IllegalArgumentException("rule " + n + " (" + sensor + "): min must be below max");
    return new Rule(sensor, index, Double.NaN, Double.NaN, Double.NaN, min, max);
  }

  private static double numberField(JsonNode r, String field, int n) {
    JsonNode v = r.get(field);
    if (v == null || !v.isNumber()) throw new IllegalArgumentException("rule " + n + ": '" + field + "' must be a number");
    return v.asDouble();
  }
}
