package io.iotlakehouse.common.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The wire format of lineage events: OpenLineage 2-0-2 RunEvent JSON, so any OpenLineage consumer (Marquez, a
 * catalog's OpenLineage endpoint) can read the topic too. Standard facets carry what they define (dataset
 * {@code schema}, dataset {@code version}, job {@code jobType}); three custom facets carry the rest:
 * {@code lakehouse_job} (kind and attributes), {@code lakehouse_dataset} (kind and attributes) and
 * {@code lakehouse_run} (the caller's run id when it is not a UUID, e.g. an MLflow run id).
 */
public final class LineageJson {
  public static final String PRODUCER = "https://github.com/iot-lakehouse/lakehouse/tree/main/common";
  public static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  static final String FACET_SCHEMA_URL = "https://github.com/iot-lakehouse/lakehouse/blob/main/governance/README.md#event-types";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LineageJson() {}

  public static byte[] toBytes(LineageEvent e) {
    ObjectNode root = JSON.createObjectNode();
    root.put("eventType", e.type().name());
    root.put("eventTime", e.time().toString());
    root.put("producer", PRODUCER);
    root.put("schemaURL", SCHEMA_URL);
    ObjectNode run = root.putObject("run");
    boolean uuid = isUuid(e.runId());
    run.put("runId", uuid ? e.runId() : UUID.nameUUIDFromBytes(e.runId().getBytes(StandardCharsets.UTF_8)).toString());
    if (!uuid) facet(run.putObject("facets"), "lakehouse_run").put("externalRunId", e.runId());
    ObjectNode job = root.putObject("job");
    job.put("namespace", e.jobNamespace());
    job.put("name", e.jobName());
    ObjectNode jobFacets = job.putObject("facets");
    ObjectNode jobType = facet(jobFacets, "jobType");
    jobType.put("processingType", e.jobKind() == LineageEvent.JobKind.STREAMING_JOB
        || e.jobKind() == LineageEvent.JobKind.GATEWAY_INGEST ? "STREAMING" : "BATCH");
    jobType.put("integration", e.jobKind() == LineageEvent.JobKind.STREAMING_JOB ? "SPARK" : "LAKEHOUSE");
    jobType.put("jobType", e.jobKind().wire().toUpperCase(java.util.Locale.ROOT));
    ObjectNode lj = facet(jobFacets, "lakehouse_job");
    lj.put("kind", e.jobKind().wire());
    e.jobAttributes().forEach(lj.putObject("attributes")::put);
    root.set("inputs", datasets(e.inputs()));
    root.set("outputs", datasets(e.outputs()));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** Parses one event; anything that is not a complete lakehouse event raises {@link MalformedLineageException}. */
  public static LineageEvent parse(byte[] bytes) {
    JsonNode root;
    try {
      root = bytes == null ? null : JSON.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new MalformedLineageException("not_json", "the value is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) throw new MalformedLineageException("not_json", "the value is not a JSON object");
    LineageEvent.Type type;
    try {
      type = LineageEvent.Type.valueOf(text(root, "eventType"));
    } catch (IllegalArgumentException e) {
      throw new MalformedLineageException("bad_event_type", "eventType must be one of START, RUNNING, COMPLETE, FAIL, ABORT");
    }
    Instant time;
    try {
      time = Instant.parse(text(root, "eventTime"));
    } catch (DateTimeParseException e) {
      throw new MalformedLineageException("bad_event_time", "eventTime must be an ISO-8601 instant");
    }
    JsonNode run = object(root, "run");
    String runId = run.path("facets").path("lakehouse_run").path("externalRunId").asText(text(run, "runId"));
    JsonNode job = object(root, "job");
    JsonNode lj = job.path("facets").path("lakehouse_job");
    LineageEvent.JobKind kind;
    try {
      kind = LineageEvent.JobKind.fromWire(lj.path("kind").asText(""));
    } catch (IllegalArgumentException e) {
      throw new MalformedLineageException("bad_job_kind", "job.facets.lakehouse_job.kind: " + e.getMessage());
    }
    try {
      return new LineageEvent(type, time, text(job, "namespace"), text(job, "name"), kind, runId,
          strings(lj.path("attributes")), datasets(root.path("inputs")), datasets(root.path("outputs")));
    } catch (NullPointerException e) {
      throw new MalformedLineageException("missing_field", e.getMessage());
    }
  }

  private static ArrayNode datasets(List<LineageDataset> list) {
    ArrayNode arr = JSON.createArrayNode();
    for (LineageDataset d : list) {
      ObjectNode n = arr.addObject();
      n.put("namespace", d.namespace());
      n.put("name", d.name());
      ObjectNode facets = n.putObject("facets");
      ObjectNode ld = facet(facets, "lakehouse_dataset");
      ld.put("kind", d.kind().wire());
      d.attributes().forEach(ld.putObject("attributes")::put);
      if (!d.fields().isEmpty()) {
        ArrayNode fields = facet(facets, "schema").putArray("fields");
        d.fields().forEach(f -> fields.addObject().put("name", f.name()).put("type", f.type()));
      }
      if (d.version() != null) facet(facets, "version").put("datasetVersion", d.version());
    }
    return arr;
  }

  private static List<LineageDataset> datasets(JsonNode arr) {
    if (arr.isMissingNode() || arr.isNull()) return List.of();
    if (!arr.isArray()) throw new MalformedLineageException("bad_datasets", "inputs and outputs must be arrays");
    List<LineageDataset> out = new ArrayList<>();
    for (JsonNode n : arr) {
      JsonNode facets = n.path("facets");
      LineageDataset.Kind kind;
      try {
        kind = LineageDataset.Kind.fromWire(facets.path("lakehouse_dataset").path("kind").asText(""));
      } catch (IllegalArgumentException e) {
        throw new MalformedLineageException("bad_dataset_kind", "dataset " + n.path("name").asText("?")
            + ": facets.lakehouse_dataset.kind: " + e.getMessage());
      }
      List<LineageDataset.Field> fields = new ArrayList<>();
      for (JsonNode f : facets.path("schema").path("fields")) {
        fields.add(new LineageDataset.Field(text(f, "name"), f.path("type").asText("")));
      }
      JsonNode version = facets.path("version").path("datasetVersion");
      out.add(new LineageDataset(text(n, "namespace"), text(n, "name"), kind,
          strings(facets.path("lakehouse_dataset").path("attributes")), fields, version.isTextual() ? version.asText() : null));
    }
    return out;
  }

  private static ObjectNode facet(ObjectNode facets, String name) {
    ObjectNode f = facets.putObject(name);
    f.put("_producer", PRODUCER);
    f.put("_schemaURL", name.startsWith("lakehouse_") ? FACET_SCHEMA_URL
        : "https://openlineage.io/spec/facets/1-0-1/" + (name.equals("jobType") ? "JobTypeJobFacet" : name.equals("schema")
            ? "SchemaDatasetFacet" : "DatasetVersionDatasetFacet") + ".json");
    return f;
  }

  private static Map<String, String> strings(JsonNode obj) {
    Map<String, String> m = new LinkedHashMap<>();
    obj.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new MalformedLineageException("missing_field", "'" + field + "' is missing or not a non-empty string");
    }
    return v.asText();
  }

  private static JsonNode object(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) throw new MalformedLineageException("missing_field", "'" + field + "' is missing or not an object");
    return v;
  }

  private static boolean isUuid(String s) {
    try {
      return UUID.fromString(s).toString().equalsIgnoreCase(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
