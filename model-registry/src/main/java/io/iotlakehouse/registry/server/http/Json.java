package io.iotlakehouse.registry.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.function.Function;

/** Shared Jackson mapper and the small helpers that keep MLflow's "leave empty fields out" rule in one place. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON text; returns null when the text is not valid JSON. */
  public static JsonNode parseOrNull(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Puts a string unless it is null or empty (proto3 JSON leaves default values out). */
  public static void putNonEmpty(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** Puts an array of converted items unless the collection is empty. */
  public static <T> void putList(ObjectNode node, String field, Collection<T> items, Function<T, JsonNode> view) {
    if (items == null || items.isEmpty()) {
      return;
    }
    ArrayNode array = node.putArray(field);
    items.forEach(item -> array.add(view.apply(item)));
  }
}
