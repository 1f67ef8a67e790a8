package io.iotlakehouse.registry.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON exactly like Python's {@code json.dumps(value, indent=2)} (ASCII only, {@code ": "} after keys),
 * which is how the recorder uploaded JSON artifacts: the replayer must send the same bytes so that file sizes
 * and downloads match the recording.
 */
final class PythonJson {
  private PythonJson() {
  }

  static String dumpsIndent2(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, 0, out);
    return out.toString();
  }

  private static void write(JsonNode node, int depth, StringBuilder out) {
    if (node.isObject()) {
      if (node.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{");
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      boolean first = true;
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
        string(field.getKey(), out);
        out.append(": ");
        write(field.getValue(), depth + 1, out);
        first = false;
      }
      out.append("\n").append("  ".repeat(depth)).append("}");
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[");
      boolean first = true;
      for (JsonNode item : node) {
        out.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
        write(item, depth + 1, out);
        first = false;
      }
      out.append("\n").append("  ".repeat(depth)).append("]");
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue() ? "true" : "false");
    } else if (node.isNull()) {
      out.append("null");
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else {
      double d = node.doubleValue();
      out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
          : PythonFloats.repr(d));
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Python's float repr: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
  static final class PythonFloats {
    private PythonFloats() {
    }

    static String repr(double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e16) {
        return String.valueOf((long) d) + ".0";
      }
      String java = Double.toString(d);
      if (!java.contains("E")) {
        return java;
      }
      String mantissa = java.substring(0, java.indexOf('E'));
      int exponent = Integer.parseInt(java.substring(java.indexOf('E') + 1));
      if (mantissa.endsWith(".0")) {
        mantissa = mantissa.substring(0, mantissa.length() - 2);
      }
      if (exponent >= -4 && exponent < 16) {
        return new java.math.BigDecimal(java).toPlainString();
      }
      return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
  }
}
