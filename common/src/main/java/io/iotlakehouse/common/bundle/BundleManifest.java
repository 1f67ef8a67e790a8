package io.iotlakehouse.common.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a model bundle is: which model (name, version, kind), where it comes from (registry model and version,
 * training run, versions of the training data), how to read it (feature spec file, kind-specific parameters) and
 * exactly which files it holds (path, SHA-256, size). Its canonical JSON form ({@link #canonicalBytes()}: keys sorted,
 * no whitespace, UTF-8, absent optional fields omitted) is what gets signed, and the SHA-256 of those bytes is the
 * bundle id, so the id names the content: the same model files and metadata give the same id, any change another one.
 *
 * @param registryModel model name in the registry (optional)
 * @param registryVersion version in the registry (optional)
 * @param runId training run id (optional)
 * @param trainingData data set -> version it was trained on, e.g. {@code gold.turbofan_features -> 42} (may be empty)
 * @param featureSpec path of the feature spec among {@code files} (optional)
 * @param parameters kind-specific settings, e.g. alert thresholds (may be empty)
 * @param createdAt ISO-8601 instant the bundle was built (optional)
 */
public record BundleManifest(int format, String name, String version, String kind, String registryModel,
    String registryVersion, String runId, Map<String, String> trainingData, String featureSpec,
    Map<String, String> parameters, String createdAt, List<BundleFile> files) {
  /** The manifest format this code reads and writes. */
  public static final int FORMAT = 1;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  public BundleManifest {
    check(format == FORMAT, "format " + format + " is not supported (this build reads format " + FORMAT + ")");
    check(name != null && NAME.matcher(name).matches(), "name '" + name + "' must be 1-64 of [A-Za-z0-9._-]");
    check(version != null && VERSION.matcher(version).matches(), "version '" + version + "' must be 1-64 of [A-Za-z0-9._+-]");
    check(kind != null && KIND.matcher(kind).matches(), "kind '" + kind + "' must be 1-32 of [a-z0-9-]");
    trainingData = Map.copyOf(trainingData == null ? Map.of() : trainingData);
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    check(files != null && !files.isEmpty(), "a bundle lists at least one file");
    List<BundleFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(BundleFile::path));
    Set<String> paths = new HashSet<>();
    for (BundleFile f : sorted) {
      check(BundleFile.safePath(f.path()), "file path '" + f.path() + "' is not a safe relative path of [A-Za-z0-9._-] "
          + "segments (no '..', no leading dot or slash, not " + BundleLayout.MANIFEST + " or " + BundleLayout.SIGNATURE + ")");
      check(BundleFile.validHash(f.sha256()), "file " + f.path() + " has no valid sha256 (64 lower-case hex digits)");
      check(f.size() >= 0, "file " + f.path() + " has a negative size");
      check(paths.add(f.path()), "file " + f.path() + " is listed twice");
    }
    files = List.copyOf(sorted);
    check(featureSpec == null || paths.contains(featureSpec), "feature_spec '" + featureSpec + "' is not one of the files");
  }

  private static void check(boolean ok, String problem) {
    if (!ok) throw new IllegalArgumentException(problem);
  }

  /** The file listed under {@code path}, or null. */
  public BundleFile file(String path) {
    for (BundleFile f : files) if (f.path().equals(path)) return f;
    return null;
  }

  /** A kind-specific parameter, or {@code fallback} when the bundle does not set it. */
  public String parameter(String key, String fallback) {
    return parameters.getOrDefault(key, fallback);
  }

  /** {@code name@version}, how logs, metrics and Kafka headers name the model. */
  public String label() {
    return name + "@" + version;
  }

  /** The canonical JSON bytes: sorted keys, no whitespace, UTF-8, absent optional fields omitted. */
  public byte[] canonicalBytes() {
    Map<String, Object> m = new TreeMap<>();
    m.put("format", format);
    m.put("name", name);
    m.put("version", version);
    m.put("kind", kind);
    putIfSet(m, "registry_model", registryModel);
    putIfSet(m, "registry_version", registryVersion);
    putIfSet(m, "run_id", runId);
    if (!trainingData.isEmpty()) m.put("training_data", new TreeMap<>(trainingData));
    putIfSet(m, "feature_spec", featureSpec);
    if (!parameters.isEmpty()) m.put("parameters", new TreeMap<>(parameters));
    putIfSet(m, "created_at", createdAt);
    List<Map<String, Object>> fs = new ArrayList<>();
    for (BundleFile f : files) {
      Map<String, Object> e = new TreeMap<>();
      e.put("path", f.path());
      e.put("sha256", f.sha256());
      e.put("size", f.size());
      fs.add(e);
    }
    m.put("files", fs);
    try {
      return JSON.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a manifest", e);
    }
  }

  private static void putIfSet(Map<String, Object> m, String key, String value) {
    if (value != null) m.put(key, value);
  }

  /** Parses manifest bytes; {@link IllegalArgumentException} says what is wrong. */
  public static BundleManifest parse(byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    check(root instanceof ObjectNode, "not a JSON object");
    check(root.path("format").isInt(), "no integer 'format'");
    JsonNode filesNode = root.path("files");
    check(filesNode instanceof ArrayNode, "no 'files' array");
    List<BundleFile> files = new ArrayList<>();
    for (JsonNode f : filesNode) {
      check(f.path("size").canConvertToLong() && f.path("size").isIntegralNumber(), "a file entry has no integer 'size'");
      files.add(new BundleFile(text(f, "path"), text(f, "sha256"), f.path("size").asLong()));
    }
    return new BundleManifest(root.path("format").asInt(), text(root, "name"), text(root, "version"), text(root, "kind"),
        text(root, "registry_model"), text(root, "registry_version"), text(root, "run_id"),
        stringMap(root, "training_data"), text(root, "feature_spec"), stringMap(root, "parameters"),
        text(root, "created_at"), files);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    check(v.isTextual(), "'" + field + "' must be a string");
    return v.asText();
  }

  private static Map<String, String> stringMap(JsonNode root, String field) {
    JsonNode v = root.get(field);
    Map<String, String> out = new TreeMap<>();
    if (v == null || v.isNull()) return out;
    check(v.isObject(), "'" + field + "' must be an object of strings");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      check(e.getValue().isTextual(), "'" + field + "." + e.getKey() + "' must be a string");
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  @Override
  public String toString() {
    return new String(canonicalBytes(), StandardCharsets.UTF_8);
  }
}
