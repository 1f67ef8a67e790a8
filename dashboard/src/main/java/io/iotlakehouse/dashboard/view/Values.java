package io.iotlakehouse.dashboard.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** Parsing the strings the hot path writes into Redis hashes. Bad or missing values become absent, never errors. */
final class Values {
  private Values() {}

  static Double number(String s) {
    if (s == null || s.isBlank()) return null;
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Long whole(String s) {
    Double d = number(s);
    if (d == null || d.isNaN() || d.isInfinite()) return null;
    return d.longValue();
  }

  /** Puts {@code s} as a JSON number when it is a finite number, else as text (NaN and Infinity are not JSON). */
  static void putValue(ObjectNode node, String field, String s) {
    Double d = number(s);
    if (d != null && !d.isNaN() && !d.isInfinite()) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15 && !s.contains(".") && !s.contains("e") && !s.contains("E")) {
        node.put(field, d.longValue());
      } else {
        node.put(field, d);
      }
    } else if (s != null) {
      node.put(field, s);
    } else {
      node.putNull(field);
    }
  }

  /** Puts {@code s} as a finite number, or null. */
  static void putNumber(ObjectNode node, String field, String s) {
    Double d = number(s);
    if (d == null || d.isNaN() || d.isInfinite()) node.putNull(field);
    else node.put(field, d);
  }

  /** Seconds from {@code epochMs} to {@code now} (never negative: clocks of writers may be ahead), or null. */
  static Long ageSeconds(Long epochMs, Instant now) {
    if (epochMs == null || epochMs <= 0) return null;
    return Math.max(0, Duration.between(Instant.ofEpochMilli(epochMs), now).toSeconds());
  }

  static String text(String s) {
    return s == null ? "" : s;
  }
}
