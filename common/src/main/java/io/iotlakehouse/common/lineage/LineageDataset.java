package io.iotlakehouse.common.lineage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset a job reads or writes, in OpenLineage terms: identity {@code (namespace, name)}, plus what the platform
 * knows about it: its {@link Kind}, attributes (layer, table, format, ...), schema fields and current version.
 * Build them with the factory methods, which fix the naming convention every emitter must share (the recorder joins
 * events on these names).
 */
public record LineageDataset(String namespace, String name, Kind kind, Map<String, String> attributes,
    List<Field> fields, String version) {

  /** What a dataset is; the recorder maps each kind to an Atlas type. */
  public enum Kind {
    KAFKA_TOPIC("kafka_topic"),
    DELTA_TABLE("delta_table"),
    ICEBERG_TABLE("iceberg_table"),
    DEVICE("device"),
    GATEWAY("gateway"),
    TRAINING_DATASET("training_dataset"),
    MODEL_VERSION("model_version"),
    STORE("store");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Kind fromWire(String s) {
      for (Kind k : values()) if (k.wire.equals(s)) return k;
      throw new IllegalArgumentException("unknown dataset kind '" + s + "'");
    }
  }

  /** One schema column (OpenLineage schema facet field). */
  public record Field(String name, String type) {
    public Field {
      Objects.requireNonNull(name, "field name");
      Objects.requireNonNull(type, "field type");
    }
  }

  public LineageDataset {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    attributes = Map.copyOf(attributes);
    fields = List.copyOf(fields);
  }

  /** A Kafka topic: namespace {@code kafka://<first bootstrap server>} (the OpenLineage naming), name the topic. */
  public static LineageDataset kafkaTopic(String bootstrapServers, String topic) {
    return new LineageDataset("kafka://" + bootstrapServers.split(",")[0].trim(), topic, Kind.KAFKA_TOPIC,
        Map.of(), List.of(), null);
  }

  /** A Kafka topic whose records carry these fields (the telemetry contract, so PII fields are known at the source). */
  public static LineageDataset kafkaTopic(String bootstrapServers, String topic, List<Field> fields) {
    return kafkaTopic(bootstrapServers, topic).withFields(fields);
  }

  /**
   * A Delta table at {@code path} (a local path or a URI such as {@code s3a://bucket/lake/gold/x}); {@code layer}
   * and {@code table} give its short name {@code <layer>.<table>}; {@code version} is the Delta version, or null.
   */
  public static LineageDataset deltaTable(String path, String layer, String table, Long version, List<Field> fields) {
    return table(path, Kind.DELTA_TABLE, "delta", layer, table, version, fields);
  }

  /** An Iceberg table; {@code snapshotId} is its current snapshot, or null. */
  public static LineageDataset icebergTable(String location, String layer, String table, Long snapshotId, List<Field> fields) {
    return table(location, Kind.ICEBERG_TABLE, "iceberg", layer, table, snapshotId, fields);
  }

  private static LineageDataset table(String path, Kind kind, String format, String layer, String table, Long version,
      List<Field> fields) {
    int scheme = path.indexOf("://");
    String namespace;
    String name;
    if (scheme > 0) {
      int slash = path.indexOf('/', scheme + 3);
      namespace = slash < 0 ? path : path.substring(0, slash);
      name = slash < 0 ? "/" : path.substring(slash);
    } else {
      namespace = "file";
      name = path.startsWith("file:") ? path.substring(5) : path;
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("layer", layer);
    attrs.put("table", table);
    attrs.put("format", format);
    return new LineageDataset(namespace, name, kind, attrs, fields, version == null ? null : Long.toString(version));
  }

  /** A device (sensor, truck, engine) by id; {@code deviceKind} is env, truck or turbofan. */
  public static LineageDataset device(String deviceId, String deviceKind) {
    return new LineageDataset("iot://devices", deviceId, Kind.DEVICE, Map.of("device_kind", deviceKind), List.of(), null);
  }

  /** An edge gateway by id: the target of edge deployments. */
  public static LineageDataset gateway(String gatewayId) {
    return new LineageDataset("iot://gateways", gatewayId, Kind.GATEWAY, Map.of(), List.of(), null);
  }

  /**
   * A training dataset: the exact table versions a training run read, e.g. {@code {"gold.turbofan_health": 42}}
   * (keys are the tables' short names {@code <layer>.<table>}).
   */
  public static LineageDataset trainingDataset(String name, Map<String, Long> tableVersions) {
    Map<String, String> attrs = new LinkedHashMap<>();
    tableVersions.forEach((t, v) -> attrs.put("table_version." + t, Long.toString(v)));
    return new LineageDataset("lakehouse://training", name, Kind.TRAINING_DATASET, attrs, List.of(), null);
  }

  /** A registered model version in MLflow: name, version and the MLflow run that produced it. */
  public static LineageDataset modelVersion(String modelName, int version, String mlflowRunId) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("model_name", modelName);
    attrs.put("model_version", Integer.toString(version));
    attrs.put("mlflow_run_id", mlflowRunId);
    return new LineageDataset("mlflow://models", modelName + "/" + version, Kind.MODEL_VERSION, attrs, List.of(),
        Integer.toString(version));
  }

  /** Any other store (Redis keys, a REST API, ...): namespace and name as OpenLineage would name it. */
  public static LineageDataset store(String namespace, String name) {
    return new LineageDataset(namespace, name, Kind.STORE, Map.of(), List.of(), null);
  }

  public LineageDataset withFields(List<Field> newFields) {
    return new LineageDataset(namespace, name, kind, attributes, newFields, version);
  }

  public LineageDataset withVersion(String newVersion) {
    return new LineageDataset(namespace, name, kind, attributes, fields, newVersion);
  }

  /** The dataset's unique name across the platform: {@code <namespace>/<name>}, or {@code <scheme>://<name>}. */
  public String qualifiedName() {
    return LineageEvent.qualify(namespace, name);
  }

  /** The short name people use: {@code <layer>.<table>} for tables, the topic, the device id, {@code model/version}. */
  public String shortName() {
    String layer = attributes.get("layer");
    String table = attributes.get("table");
    return layer != null && table != null ? layer + "." + table : name;
  }
}
