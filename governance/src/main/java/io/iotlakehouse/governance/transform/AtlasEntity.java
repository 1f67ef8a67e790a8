package io.iotlakehouse.governance.transform;

import java.util.List;
import java.util.Map;

/**
 * An entity as the recorder wants it in Atlas: type, unique qualified name, attributes (String, Long, Integer,
 * List, Map values), for processes the qualified names of their inputs and outputs, and the classifications it
 * carries itself (name -> the fields that caused it).
 */
public record AtlasEntity(String typeName, String qualifiedName, boolean process, Map<String, Object> attributes,
    List<String> inputs, List<String> outputs, Map<String, String> classifications) {
  public AtlasEntity {
    attributes = Map.copyOf(attributes);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    classifications = Map.copyOf(classifications);
  }
}
