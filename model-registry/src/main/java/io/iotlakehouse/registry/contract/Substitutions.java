package io.iotlakehouse.registry.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What changes between the recording and a replay: ids the server assigns (run ids, experiment ids, model
 * versions, generated run names), captured from create responses, and experiment / registered-model names,
 * which get a per-replay prefix so that a replay never collides with an earlier one on the same server. The same
 * substitution is applied to requests and to expected responses.
 */
final class Substitutions {
  private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{32}");
  /** An experiment id right after {@code mlflow-artifacts:/}, or as the folder before a run id in a path. */
  private static final Pattern EXPERIMENT_IN_PATH = Pattern.compile(
      "(?<=mlflow-artifacts:/)(\\d+)(?=/|$)|(?<![\\w.:-])(\\d+)(?=/[0-9a-f]{32}(/|$))");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'|\"([^\"]*)\"");
  private static final Set<String> NAME_FIELDS = Set.of("name", "new_name", "experiment_name");

  private final String prefix;
  private final List<String> names;
  private final Pattern namesInText;
  private final Map<String, String> runIds = new HashMap<>();
  private final Map<String, String> experimentIds = new HashMap<>();
  private final Map<String, String> runNames = new HashMap<>();
  private final Map<String, String> versions = new HashMap<>();

  /** @param names the experiment and model names the recording creates; @param prefix prepended to each. */
  Substitutions(Collection<String> names, String prefix) {
    this.prefix = prefix;
    this.names = new ArrayList<>(new LinkedHashSet<>(names));
    this.names.sort(Comparator.comparingInt(String::length).reversed());
    this.namesInText = this.names.isEmpty() ? null : Pattern.compile("(?<![A-Za-z0-9_.-])("
        + String.join("|", this.names.stream().map(Pattern::quote).toList()) + ")(?![A-Za-z0-9_.-])");
  }

  /** Names created by the recordings: experiments/registered models created or renamed. */
  static List<String> createdNames(List<Exchange> exchanges) {
    List<String> names = new ArrayList<>();
    for (Exchange e : exchanges) {
      String path = e.request().path();
      JsonNode body = e.request().body();
      if (body == null || !body.isObject()) {
        continue;
      }
      if (path.endsWith("/experiments/create") || path.endsWith("/registered-models/create")) {
        addText(names, body.get("name"));
      }
      if (path.endsWith("/experiments/update") || path.endsWith("/registered-models/rename")) {
        addText(names, body.get("new_name"));
      }
    }
    return names;
  }

  private static void addText(List<String> names, JsonNode node) {
    if (node != null && node.isTextual() && !node.textValue().isEmpty()) {
      names.add(node.textValue());
    }
  }

  String prefix() {
    return prefix;
  }

  boolean isOwnName(String name) {
    return name != null && name.startsWith(prefix);
  }

  /** Actual ids of the experiments this replay created. */
  Collection<String> ownExperimentIds() {
    return experimentIds.values();
  }

  // ------------------------------------------------------------------ capture

  /** Records the ids a create call returned, pairing the recorded response with the actual one. */
  void capture(Exchange exchange, JsonNode actual) {
    JsonNode recorded = exchange.response().body();
    if (recorded == null || actual == null || !recorded.isObject() || !actual.isObject()) {
      return;
    }
    String path = exchange.request().path();
    if (path.endsWith("/experiments/create")) {
      put(experimentIds, recorded.path("experiment_id"), actual.path("experiment_id"));
    } else if (path.endsWith("/runs/create")) {
      JsonNode recordedInfo = recorded.path("run").path("info");
      JsonNode actualInfo = actual.path("run").path("info");
      put(runIds, recordedInfo.path("run_id"), actualInfo.path("run_id"));
      JsonNode body = exchange.request().body();
      boolean named = body != null && body.hasNonNull("run_name");
      if (!named) {
        put(runNames, recordedInfo.path("run_name"), actualInfo.path("run_name"));
      }
    } else if (path.endsWith("/model-versions/create")) {
      JsonNode recordedVersion = recorded.path("model_version");
      JsonNode actualVersion = actual.path("model_version");
      if (recordedVersion.path("version").isTextual() && actualVersion.path("version").isTextual()) {
        versions.put(versionKey(name(recordedVersion.path("name").asText()), recordedVersion.path("version").asText()),
            actualVersion.path("version").asText());
      }
    }
  }

  private static void put(Map<String, String> map, JsonNode recorded, JsonNode actual) {
    if (recorded.isTextual() && actual.isTextual()) {
      map.putIfAbsent(recorded.textValue(), actual.textValue());
    }
  }

  private static String versionKey(String modelName, String version) {
    return modelName + "\u0000" + version;
  }

  // ------------------------------------------------------------------ apply

  String name(String recordedName) {
    return names.contains(recordedName) ? prefix + recordedName : recordedName;
  }

  String experimentId(String recordedId) {
    return experimentIds.getOrDefault(recordedId, recordedId);
  }

  private String version(String modelName, String version) {
    return versions.getOrDefault(versionKey(modelName, version), version);
  }

  /** Ids inside free text: run ids anywhere, experiment ids in artifact URIs and paths, generated run names. */
  String text(String value) {
    String out = replaceAll(RUN_ID, value, m -> runIds.getOrDefault(m.group(), m.group()));
    out = replaceAll(EXPERIMENT_IN_PATH, out, m -> experimentId(m.group(1) != null ? m.group(1) : m.group(2)));
    for (Map.Entry<String, String> e : runNames.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  /** Filter strings: a quoted literal that names (or is a LIKE prefix of) a created name gets the prefix. */
  String filter(String filter) {
    return replaceAll(QUOTED, text(filter), m -> {
      String literal = m.group(1) != null ? m.group(1) : m.group(2);
      String quote = m.group(1) != null ? "'" : "\"";
      String base = literal.replaceAll("%+$", "");
      boolean ours = names.contains(literal)
          || (!base.isEmpty() && literal.endsWith("%") && names.stream().anyMatch(n -> n.startsWith(base)));
      return quote + (ours ? prefix + literal : literal) + quote;
    });
  }

  /** Error messages and other prose: created names get the prefix, ids are substituted. */
  String message(String message) {
    String out = text(message);
    return namesInText == null ? out : replaceAll(namesInText, out, m -> prefix + m.group(1));
  }

  /** A query value, by parameter name. */
  String queryValue(String key, String value, ObjectNode query) {
    return switch (key) {
      case "experiment_id" -> experimentId(value);
      case "name", "experiment_name" -> name(value);
      case "filter" -> filter(value);
      case "version" -> query.hasNonNull("name") ? version(name(query.get("name").asText()), value) : value;
      default -> text(value);
    };
  }

  /** A JSON document (request body or expected response) with every substitution applied. */
  JsonNode json(JsonNode node, boolean proxyRootListing) {
    if (node == null) {
      return null;
    }
    JsonNode copy = node.deepCopy();
    return walk(copy, null, proxyRootListing);
  }

  private JsonNode walk(JsonNode node, String field, boolean proxyRootListing) {
    if (node.isTextual()) {
      String value = node.textValue();
      if (field == null) {
        return new TextNode(text(value));
      }
      return new TextNode(switch (field) {
        case "experiment_id", "experiment_ids" -> experimentId(value);
        case "name", "new_name", "experiment_name" -> name(value);
        case "filter" -> filter(value);
        case "message" -> message(value);
        case "path" -> proxyRootListing ? experimentId(value) : text(value);
        default -> text(value);
      });
    }
    if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, walk(array.get(i), field, proxyRootListing));
      }
      return array;
    }
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      String recordedModel = object.path("name").isTextual() ? object.get("name").textValue() : null;
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      fields.forEachRemaining(entries::add);
      for (Map.Entry<String, JsonNode> e : entries) {
        object.set(e.getKey(), walk(e.getValue(), e.getKey(), proxyRootListing));
      }
      if (recordedModel != null) {
        String model = name(recordedModel);
        if (object.path("version").isTextual()) {
          object.put("version", version(model, object.get("version").textValue()));
        }
        if (object.path("aliases").isArray()) {
          for (JsonNode alias : object.get("aliases")) {
            if (alias.isObject() && alias.path("version").isTextual()) {
              ((ObjectNode) alias).put("version", version(model, alias.get("version").textValue()));
            }
          }
        }
      }
      return object;
    }
    return node;
  }

  private static String replaceAll(Pattern pattern, String input, java.util.function.Function<Matcher, String> f) {
    Matcher m = pattern.matcher(input);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(f.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
