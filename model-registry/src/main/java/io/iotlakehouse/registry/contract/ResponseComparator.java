package io.iotlakehouse.registry.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares an actual JSON body with the expected one, ignoring only what the recordings' README calls volatile:
 * timestamps and {@code user_id} (present, right type, any value), the storage root of artifact URIs (the run id
 * and the path after it must match), the order of Python sets printed in messages, the server's artifact folder
 * in download errors, and the SQL text of database errors (only {@code error_code} is compared when the expected
 * message contains {@code [SQL:}).
 */
final class ResponseComparator {
  private static final Set<String> TIMESTAMPS = Set.of("creation_time", "last_update_time", "start_time", "end_time",
      "timestamp", "creation_timestamp", "last_updated_timestamp");
  private static final Set<String> ARTIFACT_URIS = Set.of("artifact_uri", "root_uri", "source");
  private static final Pattern PYTHON_SET = Pattern.compile("\\{('[^']*'(, '[^']*')*)}");
  private static final Pattern DOWNLOAD_ROOT = Pattern.compile("artifacts from (.+?):\\n");
  private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{32}");

  private final List<String> differences = new ArrayList<>();

  static List<String> compare(JsonNode expected, JsonNode actual) {
    ResponseComparator comparator = new ResponseComparator();
    comparator.node("$", null, expected, actual);
    return comparator.differences;
  }

  private void node(String path, String field, JsonNode expected, JsonNode actual) {
    if (field != null && TIMESTAMPS.contains(field)) {
      if (!actual.isIntegralNumber()) {
        differ(path, "an integer timestamp", actual);
      }
      return;
    }
    if ("user_id".equals(field)) {
      if (!actual.isTextual()) {
        differ(path, "a string", actual);
      }
      return;
    }
    if (expected.isObject()) {
      if (!actual.isObject()) {
        differ(path, expected, actual);
        return;
      }
      object(path, (ObjectNode) expected, (ObjectNode) actual);
    } else if (expected.isArray()) {
      if (!actual.isArray()) {
        differ(path, expected, actual);
        return;
      }
      if (expected.size() != actual.size()) {
        differences.add(path + ": expected " + expected.size() + " items but got " + actual.size() + ": expected "
            + abbreviate(expected.toString()) + " but was " + abbreviate(actual.toString()));
        return;
      }
      for (int i = 0; i < expected.size(); i++) {
        node(path + "[" + i + "]", field, expected.get(i), actual.get(i));
      }
    } else if (expected.isTextual()) {
      if (!actual.isTextual()) {
        differ(path, expected, actual);
      } else if (!text(field, expected.textValue(), actual.textValue())) {
        differ(path, expected, actual);
      }
    } else if (expected.isNumber()) {
      boolean sameKind = expected.isIntegralNumber() == actual.isIntegralNumber() && actual.isNumber();
      if (!sameKind || Double.compare(expected.doubleValue(), actual.doubleValue()) != 0) {
        differ(path, expected, actual);
      }
    } else if (!expected.equals(actual)) {
      differ(path, expected, actual);
    }
  }

  private void object(String path, ObjectNode expected, ObjectNode actual) {
    boolean sqlMessage = expected.path("message").isTextual() && expected.get("message").textValue().contains("[SQL:")
        && expected.has("error_code");
    Set<String> keys = new TreeSet<>();
    expected.fieldNames().forEachRemaining(keys::add);
    actual.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      String child = path + "." + key;
      if (!expected.has(key)) {
        differences.add(child + ": unexpected field, value " + abbreviate(actual.get(key).toString()));
      } else if (!actual.has(key)) {
        differences.add(child + ": missing, expected " + abbreviate(expected.get(key).toString()));
      } else if (!(sqlMessage && key.equals("message"))) {
        node(child, key, expected.get(key), actual.get(key));
      }
    }
  }

  private static boolean text(String field, String expected, String actual) {
    if (expected.equals(actual)) {
      return true;
    }
    if (field == null) {
      return false;
    }
    if (ARTIFACT_URIS.contains(field)) {
      return sameRunRelativeUri(expected, actual);
    }
    if (field.equals("message")) {
      return normalizeMessage(expected).equals(normalizeMessage(actual));
    }
    return false;
  }

  /** Artifact URIs may live under another storage root; the run id and everything after it must agree. */
  static boolean sameRunRelativeUri(String expected, String actual) {
    Matcher m = RUN_ID.matcher(expected);
    if (!m.find()) {
      return false;
    }
    String tail = expected.substring(m.start());
    return actual.endsWith(tail) && actual.length() > tail.length();
  }

  /** Sorts the items of printed Python sets and hides the server's artifact folder. */
  static String normalizeMessage(String message) {
    String out = message;
    Matcher root = DOWNLOAD_ROOT.matcher(out);
    if (root.find()) {
      out = out.replace(root.group(1), "<artifact-root>");
    }
    Matcher sets = PYTHON_SET.matcher(out);
    StringBuilder sb = new StringBuilder();
    while (sets.find()) {
      TreeSet<String> items = new TreeSet<>(List.of(sets.group(1).split(", ")));
      sets.appendReplacement(sb, Matcher.quoteReplacement("{" + String.join(", ", items) + "}"));
    }
    sets.appendTail(sb);
    return sb.toString();
  }

  private void differ(String path, Object expected, Object actual) {
    differences.add(path + ": expected " + abbreviate(String.valueOf(expected)) + " but was "
        + abbreviate(String.valueOf(actual)));
  }

  static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
