package io.iotlakehouse.common.lineage;

import io.iotlakehouse.common.event.TelemetryCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lineage events of the platform's non-Spark steps, built the one way the recorder expects (see
 * governance/README.md, "Event types"). Send them with {@link LineageEmitter#emit}.
 */
public final class LineageEvents {
  private LineageEvents() {}

  /**
   * The telemetry topic with the fields of the newest telemetry contract ({@code payload.lat}, ...), so lineage
   * knows which PII-like fields enter the platform there.
   */
  public static LineageDataset telemetryTopic(String bootstrapServers, String topic) {
    List<LineageDataset.Field> fields = new ArrayList<>();
    flatten("", TelemetryCodec.schema(), fields);
    return LineageDataset.kafkaTopic(bootstrapServers, topic, fields);
  }

  private static void flatten(String prefix, org.apache.avro.Schema schema, List<LineageDataset.Field> into) {
    switch (schema.getType()) {
      case RECORD -> schema.getFields().forEach(f -> {
        org.apache.avro.Schema t = f.schema();
        boolean nested = t.getType() == org.apache.avro.Schema.Type.RECORD || (t.getType() == org.apache.avro.Schema.Type.UNION
            && t.getTypes().stream().anyMatch(u -> u.getType() == org.apache.avro.Schema.Type.RECORD));
        if (nested) flatten(prefix + f.name() + ".", t, into);
        else into.add(new LineageDataset.Field(prefix + f.name(), typeName(t)));
      });
      case UNION -> schema.getTypes().stream().filter(u -> u.getType() == org.apache.avro.Schema.Type.RECORD)
          .forEach(u -> flatten(prefix, u, into));
      default -> into.add(new LineageDataset.Field(prefix.isEmpty() ? schema.getName() : prefix, typeName(schema)));
    }
  }

  private static String typeName(org.apache.avro.Schema s) {
    if (s.getType() != org.apache.avro.Schema.Type.UNION) return s.getType().getName();
    return s.getTypes().stream().filter(u -> u.getType() != org.apache.avro.Schema.Type.NULL).findFirst()
        .map(u -> u.getType().getName()).orElse("null");
  }

  /**
   * A gateway forwarding what devices publish to a topic: job {@code gateway-<id>}, inputs the devices seen so far
   * (send again when new devices appear: inputs accumulate), output the topic.
   */
  public static LineageEvent gatewayIngest(LineageEvent.Type type, String gatewayId, String runId,
      List<LineageDataset> devices, LineageDataset topic) {
    return LineageEvent.of(type, "gateway-" + gatewayId, LineageEvent.JobKind.GATEWAY_INGEST, runId,
        Map.of("gateway", gatewayId), devices, List.of(topic));
  }

  /**
   * A training run, as two steps: {@code <job>-dataset} reads the exact table versions ({@code tables}, built with
   * {@link LineageDataset#deltaTable} and a version) into {@code dataset}, then {@code <job>} trains {@code model}
   * on it. {@code runId} is the MLflow run id.
   */
  public static List<LineageEvent> training(String job, String runId, List<LineageDataset> tables,
      LineageDataset dataset, LineageDataset model) {
    Map<String, String> attrs = Map.of("mlflow_run_id", runId);
    return List.of(
        LineageEvent.of(LineageEvent.Type.COMPLETE, job + "-dataset", LineageEvent.JobKind.BATCH_JOB, runId, attrs,
            tables, List.of(dataset)),
        LineageEvent.of(LineageEvent.Type.COMPLETE, job, LineageEvent.JobKind.TRAINING, runId, attrs,
            List.of(dataset), List.of(model)));
  }

  /**
   * A model version deployed to a gateway at {@code deployedAt}: job
   * {@code deploy-<model>-<version>-<gateway>}, input the model version, output the gateway.
   */
  public static LineageEvent edgeDeployment(String gatewayId, LineageDataset model, Instant deployedAt) {
    if (model.kind() != LineageDataset.Kind.MODEL_VERSION) {
      throw new IllegalArgumentException("an edge deployment deploys a model version, not a " + model.kind().wire());
    }
    String name = model.attributes().get("model_name");
    String version = model.attributes().get("model_version");
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("gateway", gatewayId);
    attrs.put("model_name", name);
    attrs.put("model_version", version);
    attrs.put("deployed_at", deployedAt.toString());
    return LineageEvent.of(LineageEvent.Type.COMPLETE, "deploy-" + name + "-" + version + "-" + gatewayId,
        LineageEvent.JobKind.EDGE_DEPLOYMENT, "deploy-" + name + "-" + version + "-" + gatewayId + "-" + deployedAt, attrs,
        List.of(model), List.of(LineageDataset.gateway(gatewayId)));
  }
}
