package io.iotlakehouse.training.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * What a retrain did.
 *
 * @param reused true when the month had already been trained (nothing new was trained or logged)
 * @param models one entry per model
 */
public record RetrainResult(String month, String goldTable, long goldVersion, boolean reused, List<ModelResult> models,
    double seconds) {

  /** One model's run, registered version and holdout metrics. */
  public record ModelResult(String name, String runId, String version, Map<String, Double> metrics) {}

  /** One line of JSON. */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode().put("month", month).put("gold_table", goldTable)
        .put("gold_version", goldVersion).put("reused", reused).put("seconds", Math.round(seconds * 10) / 10.0);
    for (ModelResult m : models) {
      ObjectNode node = root.putArray("models").addObject();
      node.put("name", m.name()).put("run_id", m.runId()).put("version", m.version());
      m.metrics().forEach((k, v) -> node.put(k, v));
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
