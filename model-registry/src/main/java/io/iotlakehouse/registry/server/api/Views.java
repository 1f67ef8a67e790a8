package io.iotlakehouse.registry.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.registry.server.http.Json;
import io.iotlakehouse.registry.server.store.Entities.Alias;
import io.iotlakehouse.registry.server.store.Entities.Experiment;
import io.iotlakehouse.registry.server.store.Entities.Metric;
import io.iotlakehouse.registry.server.store.Entities.ModelVersion;
import io.iotlakehouse.registry.server.store.Entities.RegisteredModel;
import io.iotlakehouse.registry.server.store.Entities.Run;
import io.iotlakehouse.registry.server.store.Entities.RunInfo;
import io.iotlakehouse.registry.server.store.Entities.Tag;

/**
 * Entities as MLflow 2.7.1 prints them: int64s as JSON numbers, empty lists and unset optional fields left out,
 * and the fields MLflow always sets (run {@code user_id}, {@code start_time}; version {@code description},
 * {@code run_id}, {@code run_link}) always present.
 */
public final class Views {
  private Views() {
  }

  public static ObjectNode tag(Tag tag) {
    return Json.object().put("key", tag.key()).put("value", tag.value());
  }

  public static ObjectNode experiment(Experiment e) {
    ObjectNode node = Json.object()
        .put("experiment_id", e.experimentId())
        .put("name", e.name())
        .put("artifact_location", e.artifactLocation())
        .put("lifecycle_stage", e.lifecycleStage())
        .put("last_update_time", e.lastUpdateTime())
        .put("creation_time", e.creationTime());
    Json.putList(node, "tags", e.tags(), Views::tag);
    return node;
  }

  public static ObjectNode metric(Metric m) {
    return Json.object().put("key", m.key()).put("value", m.value()).put("timestamp", m.timestamp())
        .put("step", m.step());
  }

  public static ObjectNode runInfo(RunInfo i) {
    ObjectNode node = Json.object()
        .put("run_uuid", i.runId())
        .put("experiment_id", i.experimentId())
        .put("run_name", i.runName())
        .put("user_id", i.userId())
        .put("status", i.status())
        .put("start_time", i.startTime());
    if (i.endTime() != null) {
      node.put("end_time", i.endTime());
    }
    return node.put("artifact_uri", i.artifactUri())
        .put("lifecycle_stage", i.lifecycleStage())
        .put("run_id", i.runId());
  }

  /** A run; {@code withInputs} adds the empty {@code inputs} object that runs/get and runs/search carry. */
  public static ObjectNode run(Run run, boolean withInputs) {
    ObjectNode data = Json.object();
    Json.putList(data, "metrics", run.metrics(), Views::metric);
    Json.putList(data, "params", run.params(), Views::tag);
    Json.putList(data, "tags", run.tags(), Views::tag);
    ObjectNode node = Json.object();
    node.set("info", runInfo(run.info()));
    node.set("data", data);
    if (withInputs) {
      node.set("inputs", Json.object());
    }
    return node;
  }

  public static ObjectNode modelVersion(ModelVersion v) {
    ObjectNode node = Json.object()
        .put("name", v.name())
        .put("version", v.version())
        .put("creation_timestamp", v.creationTimestamp())
        .put("last_updated_timestamp", v.lastUpdatedTimestamp());
    Json.putNonEmpty(node, "user_id", v.userId());
    node.put("current_stage", v.currentStage())
        .put("description", v.description() == null ? "" : v.description())
        .put("source", v.source() == null ? "" : v.source())
        .put("run_id", v.runId() == null ? "" : v.runId())
        .put("status", v.status());
    Json.putNonEmpty(node, "status_message", v.statusMessage());
    Json.putList(node, "tags", v.tags(), Views::tag);
    node.put("run_link", v.runLink() == null ? "" : v.runLink());
    if (v.aliases() != null && !v.aliases().isEmpty()) {
      v.aliases().forEach(node.withArray("aliases")::add);
    }
    return node;
  }

  public static ObjectNode registeredModel(RegisteredModel m) {
    ObjectNode node = Json.object()
        .put("name", m.name())
        .put("creation_timestamp", m.creationTimestamp())
        .put("last_updated_timestamp", m.lastUpdatedTimestamp());
    Json.putNonEmpty(node, "description", m.description());
    Json.putList(node, "latest_versions", m.latestVersions(), Views::modelVersion);
    Json.putList(node, "tags", m.tags(), Views::tag);
    Json.putList(node, "aliases", m.aliases(), Views::alias);
    return node;
  }

  public static ObjectNode alias(Alias a) {
    return Json.object().put("alias", a.alias()).put("version", a.version());
  }
}
