package io.iotlakehouse.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotlakehouse.registry.RegisteredVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionTag;

/** Converts MLflow's model versions (protobuf from the client, JSON from our own calls) to the port's record. */
final class Versions {
  private Versions() {
  }

  static RegisteredVersion from(ModelVersion v) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (ModelVersionTag tag : v.getTagsList()) {
      tags.put(tag.getKey(), tag.getValue());
    }
    return new RegisteredVersion(v.getName(), v.getVersion(), v.getRunId(), v.getSource(), v.getCurrentStage(),
        v.getDescription(), tags, new ArrayList<>(v.getAliasesList()), v.getCreationTimestamp(),
        v.getLastUpdatedTimestamp());
  }

  static RegisteredVersion from(JsonNode v) {
    Map<String, String> tags = new LinkedHashMap<>();
    v.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    List<String> aliases = new ArrayList<>();
    v.path("aliases").forEach(a -> aliases.add(a.asText()));
    return new RegisteredVersion(v.path("name").asText(), v.path("version").asText(), v.path("run_id").asText(),
        v.path("source").asText(), v.path("current_stage").asText(), v.path("description").asText(), tags, aliases,
        v.path("creation_timestamp").asLong(), v.path("last_updated_timestamp").asLong());
  }
}
