package io.iotlakehouse.governance.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

/**
 * Merges what an event says about an entity into what Atlas already has (pure), so that events can arrive twice or
 * out of order: run ids accumulate, versions and times only grow, the newer event's values win (a process's
 * {@code lastEventTime}, a table's {@code currentVersion} decide which is newer), maps merge key by key. Inputs and
 * outputs are merged by the recorder (a union). {@link #changed} tells whether anything needs writing.
 */
public final class EntityMerge {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Numbers compare by value (Atlas returns an int attribute as a long and vice versa). */
  private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
    return a.equals(b) ? 0 : 1;
  };

  private EntityMerge() {}

  /** The attributes to write: {@code existing} (Atlas's, may be null) merged with the event's. */
  public static ObjectNode attributes(AtlasEntity desired, JsonNode existing) {
    ObjectNode want = JSON.valueToTree(desired.attributes());
    if (existing == null || existing.isNull() || existing.isMissingNode()) return want;
    boolean newerEvent = !(existing.path("lastEventTime").isNumber() && want.path("lastEventTime").isNumber()
        && want.path("lastEventTime").asLong() < existing.path("lastEventTime").asLong());
    boolean olderTable = existing.path("currentVersion").isNumber() && want.path("currentVersion").isNumber()
        && want.path("currentVersion").asLong() < existing.path("currentVersion").asLong();
    ObjectNode out = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode mine = e.getValue();
      JsonNode theirs = existing.get(key);
      if (theirs == null || theirs.isNull()) {
        out.set(key, mine);
        continue;
      }
      switch (key) {
        case "runIds" -> out.set(key, union(theirs, mine));
        case "currentVersion", "lastEventTime" -> out.put(key, Math.max(theirs.asLong(), mine.asLong()));
        case "columns" -> out.set(key, olderTable ? theirs : mine);
        default -> {
          if (mine.isObject() && theirs.isObject()) {
            ObjectNode m = (ObjectNode) (newerEvent ? theirs.deepCopy() : mine.deepCopy());
            m.setAll((ObjectNode) (newerEvent ? mine : theirs));
            out.set(key, m);
          } else {
            out.set(key, newerEvent ? mine : theirs);
          }
        }
      }
    }
    return out;
  }

  /**
   * Whether writing {@code merged} would change any attribute Atlas has. Atlas returns every attribute its type
   * defines (null when unset), so a key it does not return is one the type lacks (a production Atlas's own
   * {@code kafka_topic}, say): Atlas would drop it, so it cannot count as a change.
   */
  public static boolean changed(ObjectNode merged, JsonNode existing) {
    if (existing == null || existing.isNull() || existing.isMissingNode()) return true;
    for (Iterator<Map.Entry<String, JsonNode>> it = merged.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode theirs = existing.get(e.getKey());
      if (theirs != null && !e.getValue().equals(BY_VALUE, theirs)) return true;
    }
    return false;
  }

  private static ArrayNode union(JsonNode a, JsonNode b) {
    ArrayNode out = JSON.createArrayNode();
    java.util.LinkedHashSet<JsonNode> seen = new java.util.LinkedHashSet<>();
    a.forEach(seen::add);
    b.forEach(seen::add);
    seen.forEach(out::add);
    return out;
  }
}
