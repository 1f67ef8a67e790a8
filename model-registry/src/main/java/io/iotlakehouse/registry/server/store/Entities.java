package io.iotlakehouse.registry.server.store;

import java.util.List;

/** The records the stores return. Field names follow MLflow's protobuf messages. */
public final class Entities {
  private Entities() {
  }

  /** A key/value tag or param. */
  public record Tag(String key, String value) {
  }

  public record Experiment(String experimentId, String name, String artifactLocation, String lifecycleStage,
      long creationTime, long lastUpdateTime, List<Tag> tags) {
  }

  public record Metric(String key, double value, long timestamp, long step) {
  }

  public record RunInfo(String runId, String experimentId, String runName, String userId, String status,
      long startTime, Long endTime, String artifactUri, String lifecycleStage) {
  }

  /** A run with its latest metrics, params and tags (each in insertion order). */
  public record Run(RunInfo info, List<Metric> metrics, List<Tag> params, List<Tag> tags) {
  }

  public record Alias(String alias, String version) {
  }

  public record ModelVersion(String name, String version, long creationTimestamp, long lastUpdatedTimestamp,
      String userId, String currentStage, String description, String source, String runId, String status,
      String statusMessage, List<Tag> tags, String runLink, List<String> aliases) {

    public ModelVersion withAliases(List<String> newAliases) {
      return new ModelVersion(name, version, creationTimestamp, lastUpdatedTimestamp, userId, currentStage,
          description, source, runId, status, statusMessage, tags, runLink, newAliases);
    }
  }

  public record RegisteredModel(String name, long creationTimestamp, long lastUpdatedTimestamp, String description,
      List<ModelVersion> latestVersions, List<Tag> tags, List<Alias> aliases) {
  }
}
