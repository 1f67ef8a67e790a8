package io.iotlakehouse.governance.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The platform's Atlas type system ({@code atlas/lakehouse-types.json}), registered idempotently: only the types the
 * server does not know are created, so a production Atlas keeps its own {@code DataSet}, {@code Process} and
 * {@code kafka_topic}, and a second start changes nothing.
 */
public final class AtlasTypes {
  static final String RESOURCE = "/atlas/lakehouse-types.json";
  private static final String[] SECTIONS = {"enumDefs", "structDefs", "classificationDefs", "entityDefs", "relationshipDefs"};

  private AtlasTypes() {}

  public static JsonNode definitions() {
    try (InputStream in = AtlasTypes.class.getResourceAsStream(RESOURCE)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The definitions missing from {@code known}, in an order Atlas accepts in one call; null when none. */
  static ObjectNode missing(JsonNode defs, Set<String> known) {
    ObjectNode out = new ObjectMapper().createObjectNode();
    boolean any = false;
    for (String section : SECTIONS) {
      ArrayNode arr = out.putArray(section);
      for (JsonNode d : defs.path(section)) {
        if (!known.contains(d.path("name").asText())) {
          arr.add(d);
          any = true;
        }
      }
    }
    return any ? out : null;
  }

  /** Registers what the server lacks; returns the names created (empty when the server had them all). */
  public static List<String> register(AtlasClient atlas) {
    ObjectNode todo = missing(definitions(), atlas.typeNames());
    List<String> created = new ArrayList<>();
    if (todo == null) return created;
    atlas.createTypes(todo);
    for (String section : SECTIONS) todo.path(section).forEach(d -> created.add(d.path("name").asText()));
    return created;
  }
}
