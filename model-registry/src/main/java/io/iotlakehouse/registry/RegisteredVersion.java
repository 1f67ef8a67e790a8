package io.iotlakehouse.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registered model version as the platform sees it. {@code source} is the artifact URI the version was
 * registered with; {@code aliases} is only filled by reads that return aliases (version, getByAlias).
 */
public record RegisteredVersion(String modelName, String version, String runId, String source, String stage,
    String description, Map<String, String> tags, List<String> aliases, long creationTimestamp,
    long lastUpdatedTimestamp) {

  public RegisteredVersion {
    tags = Map.copyOf(tags);
    aliases = List.copyOf(aliases);
  }

  public Optional<String> tag(String key) {
    return Optional.ofNullable(tags.get(key));
  }

  /** The training run recorded in the {@link ModelRegistry#TRAINING_RUN_TAG} tag, if any. */
  public Optional<String> trainingRunId() {
    return tag(ModelRegistry.TRAINING_RUN_TAG);
  }
}
