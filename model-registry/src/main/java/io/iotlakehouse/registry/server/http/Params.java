package io.iotlakehouse.registry.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Request fields the way MLflow reads them: GET requests read the query string, every other method reads a JSON
 * body (a malformed or non-object body counts as {@code {}}). Repeated query parameters become lists. Validation
 * mirrors MLflow's handler schema checks and produces the same messages.
 */
public final class Params {
  private final ObjectNode fields;
  private final boolean fromQuery;

  private Params(ObjectNode fields, boolean fromQuery) {
    this.fields = fields;
    this.fromQuery = fromQuery;
  }

  public static Params of(HttpRequest request) {
    if ("GET".equals(request.method()) || "HEAD".equals(request.method())) {
      ObjectNode node = Json.object();
      for (Map.Entry<String, List<String>> e : request.query().entrySet()) {
        if (e.getValue().size() == 1) {
          node.put(e.getKey(), e.getValue().get(0));
        } else {
          ArrayNode array = node.putArray(e.getKey());
          e.getValue().forEach(array::add);
        }
      }
      return new Params(node, true);
    }
    JsonNode parsed = request.body().length == 0 ? null
        : Json.parseOrNull(new String(request.body(), StandardCharsets.UTF_8));
    return new Params(parsed instanceof ObjectNode o ? o : Json.object(), false);
  }

  public static Params ofJson(ObjectNode node) {
    return new Params(node, false);
  }

  public boolean has(String name) {
    JsonNode node = fields.get(name);
    return node != null && !node.isNull();
  }

  /** A required string: absent, null or empty gives MLflow's "Missing value for required parameter". */
  public String requiredString(String name) {
    String value = string(name);
    if (value == null || value.isEmpty()) {
      throw ApiException.missingParameter(name);
    }
    return value;
  }

  /** An optional string; null when absent. Numbers and booleans are rejected like MLflow's _assert_string. */
  public String string(String name) {
    JsonNode node = fields.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw wrongType(name, node);
    }
    return node.textValue();
  }

  public String string(String name, String fallback) {
    String value = string(name);
    return value == null ? fallback : value;
  }

  /** The first of several alias names that is present (e.g. run_id / run_uuid). */
  public String requiredStringOneOf(String primary, String alternative) {
    String value = string(primary);
    if (value == null || value.isEmpty()) {
      value = string(alternative);
    }
    if (value == null || value.isEmpty()) {
      throw ApiException.missingParameter(primary);
    }
    return value;
  }

  /** An int64 field: JSON integers and integral strings (the Java client quotes int64s) are accepted. */
  public Long longValue(String name) {
    JsonNode node = fields.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())) {
      return (long) node.doubleValue();
    }
    if (node.isTextual()) {
      try {
        return Long.parseLong(node.textValue().trim());
      } catch (NumberFormatException e) {
        throw wrongType(name, node);
      }
    }
    throw wrongType(name, node);
  }

  public long requiredLong(String name) {
    Long value = longValue(name);
    if (value == null) {
      throw ApiException.missingParameter(name);
    }
    return value;
  }

  public long longValue(String name, long fallback) {
    Long value = longValue(name);
    return value == null ? fallback : value;
  }

  /** A double field: numbers, and strings Python's float() accepts ("1.5", "NaN", "Infinity"). */
  public double requiredDouble(String name) {
    JsonNode node = fields.get(name);
    if (node == null || node.isNull()) {
      throw ApiException.missingParameter(name);
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      String text = node.textValue().trim();
      try {
        if (text.equalsIgnoreCase("nan")) {
          return Double.NaN;
        }
        if (text.equalsIgnoreCase("inf") || text.equalsIgnoreCase("infinity") || text.equalsIgnoreCase("+inf")) {
          return Double.POSITIVE_INFINITY;
        }
        if (text.equalsIgnoreCase("-inf") || text.equalsIgnoreCase("-infinity")) {
          return Double.NEGATIVE_INFINITY;
        }
        if (text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
          return Double.parseDouble(text);
        }
      } catch (NumberFormatException ignored) {
        // fall through to the type error
      }
    }
    throw wrongType(name, node);
  }

  public boolean bool(String name, boolean fallback) {
    JsonNode node = fields.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      String text = node.textValue().trim().toLowerCase();
      if (text.equals("true") || text.equals("false")) {
        return text.equals("true");
      }
    }
    throw wrongType(name, node);
  }

  /** A repeated string field: a JSON array, or every value of a repeated query parameter. */
  public List<String> stringList(String name) {
    JsonNode node = fields.get(name);
    List<String> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (node.isTextual()) {
      values.add(node.textValue());
      return values;
    }
    if (!node.isArray()) {
      throw wrongType(name, node);
    }
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw wrongType(name, node);
      }
      values.add(item.textValue());
    }
    return values;
  }

  /** A repeated message field (tags, metrics, params): a JSON array of objects. */
  public List<Params> objectList(String name) {
    JsonNode node = fields.get(name);
    List<Params> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isArray()) {
      throw wrongType(name, node);
    }
    for (JsonNode item : node) {
      if (!item.isObject()) {
        throw wrongType(name, node);
      }
      values.add(new Params((ObjectNode) item, fromQuery));
    }
    return values;
  }

  private static ApiException wrongType(String name, JsonNode node) {
    return ApiException.wrongType(name, pythonRepr(node), pythonType(node));
  }

  static String pythonType(JsonNode node) {
    if (node.isTextual()) {
      return "str";
    }
    if (node.isIntegralNumber()) {
      return "int";
    }
    if (node.isNumber()) {
      return "float";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isArray()) {
      return "list";
    }
    if (node.isObject()) {
      return "dict";
    }
    return "NoneType";
  }

  static String pythonRepr(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? "True" : "False";
    }
    return node.toString();
  }
}
