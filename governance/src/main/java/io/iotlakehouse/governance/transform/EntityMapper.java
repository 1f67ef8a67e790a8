package io.iotlakehouse.governance.transform;

import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.common.lineage.LineageEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lineage event -> the Atlas entities it describes (pure): one per input and output dataset, then the job as a
 * Process linking them. Qualified names come from the event ({@link LineageDataset#qualifiedName()},
 * {@link LineageEvent#jobQualifiedName()}), so the same event always maps to the same entities.
 */
public final class EntityMapper {
  private EntityMapper() {}

  public static List<AtlasEntity> map(LineageEvent e) {
    List<AtlasEntity> out = new ArrayList<>();
    for (LineageDataset d : e.inputs()) out.add(dataset(d));
    for (LineageDataset d : e.outputs()) out.add(dataset(d));
    out.add(process(e));
    return out;
  }

  public static String typeOf(LineageDataset.Kind kind) {
    return switch (kind) {
      case KAFKA_TOPIC -> "kafka_topic";
      case DELTA_TABLE -> "lakehouse_delta_table";
      case ICEBERG_TABLE -> "lakehouse_iceberg_table";
      case DEVICE -> "lakehouse_device";
      case GATEWAY -> "lakehouse_gateway";
      case TRAINING_DATASET -> "lakehouse_training_dataset";
      case MODEL_VERSION -> "lakehouse_model_version";
      case STORE -> "lakehouse_store";
    };
  }

  public static String typeOf(LineageEvent.JobKind kind) {
    return switch (kind) {
      case STREAMING_JOB -> "lakehouse_streaming_job";
      case BATCH_JOB -> "lakehouse_batch_job";
      case GATEWAY_INGEST -> "lakehouse_gateway_ingest";
      case TRAINING -> "lakehouse_training_job";
      case EDGE_DEPLOYMENT -> "lakehouse_edge_deployment";
    };
  }

  static AtlasEntity dataset(LineageDataset d) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("qualifiedName", d.qualifiedName());
    a.put("name", d.shortName());
    Map<String, String> attrs = d.attributes();
    switch (d.kind()) {
      case KAFKA_TOPIC -> {
        a.put("topic", d.name());
        a.put("uri", d.namespace());
      }
      case DELTA_TABLE, ICEBERG_TABLE -> {
        a.put("layer", attrs.get("layer"));
        a.put("path", d.namespace().equals("file") ? d.name() : d.qualifiedName());
        a.put("format", attrs.get("format"));
        if (d.version() != null) a.put("currentVersion", Long.parseLong(d.version()));
      }
      case DEVICE -> a.put("deviceKind", attrs.get("device_kind"));
      case GATEWAY -> a.put("gatewayId", d.name());
      case TRAINING_DATASET -> {
        Map<String, Long> versions = new LinkedHashMap<>();
        attrs.forEach((k, v) -> {
          if (k.startsWith("table_version.")) versions.put(k.substring("table_version.".length()), Long.parseLong(v));
        });
        a.put("tableVersions", versions);
      }
      case MODEL_VERSION -> {
        a.put("modelName", attrs.get("model_name"));
        a.put("modelVersion", Integer.parseInt(attrs.get("model_version")));
        a.put("mlflowRunId", attrs.get("mlflow_run_id"));
      }
      case STORE -> a.put("namespace", d.namespace());
    }
    // kafka_topic (Atlas's own type) has no columns; its fields still decide its classifications
    if (!d.fields().isEmpty() && d.kind() != LineageDataset.Kind.KAFKA_TOPIC) a.put("columns", d.fields().stream().map(f -> f.name() + ":" + f.type()).toList());
    a.values().removeIf(v -> v == null);
    return new AtlasEntity(typeOf(d.kind()), d.qualifiedName(), false, a, List.of(), List.of(), PiiRules.classify(d.fields()));
  }

  static AtlasEntity process(LineageEvent e) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("qualifiedName", e.jobQualifiedName());
    a.put("name", e.jobName());
    a.put("runIds", List.of(e.runId()));
    a.put("jobAttributes", e.jobAttributes());
    a.put("lastEventTime", e.time().toEpochMilli());
    Map<String, String> attrs = e.jobAttributes();
    switch (e.jobKind()) {
      case STREAMING_JOB -> {
        a.put("queryName", e.jobName());
        a.put("checkpoint", attrs.get("checkpoint"));
      }
      case GATEWAY_INGEST -> a.put("gatewayId", attrs.get("gateway"));
      case TRAINING -> a.put("mlflowRunId", attrs.get("mlflow_run_id"));
      case EDGE_DEPLOYMENT -> {
        a.put("gatewayId", attrs.get("gateway"));
        a.put("modelName", attrs.get("model_name"));
        a.put("modelVersion", attrs.get("model_version") == null ? null : Integer.parseInt(attrs.get("model_version")));
        a.put("deployedAt", attrs.get("deployed_at") == null ? null : java.time.Instant.parse(attrs.get("deployed_at")).toEpochMilli());
      }
      case BATCH_JOB -> { }
    }
    a.values().removeIf(v -> v == null);
    return new AtlasEntity(typeOf(e.jobKind()), e.jobQualifiedName(), true, a,
        e.inputs().stream().map(LineageDataset::qualifiedName).toList(),
        e.outputs().stream().map(LineageDataset::qualifiedName).toList(), Map.of());
  }
}
