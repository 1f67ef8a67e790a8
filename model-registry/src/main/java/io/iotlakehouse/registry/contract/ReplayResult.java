package io.iotlakehouse.registry.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The outcome of one replay: how many exchanges were replayed, how many matched, and what differed in the rest.
 * {@code mode} is {@code fresh} when the server held nothing but the Default experiment (global listings are then
 * compared in full) or {@code shared} (global listings are compared on this replay's own entries only);
 * {@code namePrefix} is the prefix given to every experiment and model name of this replay.
 */
public record ReplayResult(int exchanges, int matched, List<Mismatch> mismatches, String mode, String namePrefix) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public ReplayResult {
    mismatches = List.copyOf(mismatches);
  }

  public boolean allMatched() {
    return exchanges > 0 && matched == exchanges && mismatches.isEmpty();
  }

  /** One line: {@code {"exchanges":175,"matched":175,"mode":"fresh","name_prefix":"...","mismatches":[...]}}. */
  public String toJson() {
    ObjectNode node = MAPPER.createObjectNode()
        .put("exchanges", exchanges)
        .put("matched", matched)
        .put("mode", mode)
        .put("name_prefix", namePrefix);
    ArrayNode list = node.putArray("mismatches");
    for (Mismatch m : mismatches) {
      list.addObject().put("step", m.step()).put("name", m.name()).put("difference", m.difference());
    }
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return toJson();
  }
}
