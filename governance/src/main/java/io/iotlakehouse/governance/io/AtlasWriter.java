package io.iotlakehouse.governance.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.governance.transform.AtlasEntity;
import io.iotlakehouse.governance.transform.EntityMapper;
import io.iotlakehouse.governance.transform.EntityMerge;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one lineage event to Atlas idempotently: reads the entities it names, merges ({@link EntityMerge}; process
 * inputs and outputs as a union), writes only what changed in one bulk call, then adds missing classifications. An
 * event applied twice writes nothing the second time.
 */
public final class AtlasWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(AtlasWriter.class);
  private final AtlasClient atlas;

  public AtlasWriter(AtlasClient atlas) {
    this.atlas = atlas;
  }

  /** Returns whether Atlas changed. */
  public boolean apply(LineageEvent event) {
    Map<String, AtlasEntity> wanted = new LinkedHashMap<>();
    for (AtlasEntity e : EntityMapper.map(event)) wanted.putIfAbsent(e.qualifiedName(), e);
    Map<String, JsonNode> existing = new HashMap<>();
    for (AtlasEntity e : wanted.values()) {
      Optional<JsonNode> found = atlas.entity(e.typeName(), e.qualifiedName());
      found.ifPresent(n -> existing.put(e.qualifiedName(), n));
    }
    Map<String, String> refGuid = new HashMap<>(); // qualified name -> guid to reference it by in this request
    ArrayNode writes = JSON.createArrayNode();
    int temp = 0;
    for (AtlasEntity e : wanted.values()) {
      JsonNode have = existing.get(e.qualifiedName());
      refGuid.put(e.qualifiedName(), have != null ? have.path("guid").asText() : "-" + (++temp));
    }
    for (AtlasEntity e : wanted.values()) {
      JsonNode have = existing.get(e.qualifiedName());
      JsonNode haveAttrs = have == null ? null : have.path("attributes");
      ObjectNode attrs = EntityMerge.attributes(e, haveAttrs);
      boolean changed = EntityMerge.changed(attrs, haveAttrs);
      if (e.process()) {
        changed |= linkUnion(attrs, "inputs", e.inputs(), have, refGuid, wanted);
        changed |= linkUnion(attrs, "outputs", e.outputs(), have, refGuid, wanted);
      }
      if (!changed) continue;
      if (LOG.isDebugEnabled()) LOG.debug("{} {}: {} -> {}", have == null ? "create" : "update", e.qualifiedName(), haveAttrs, attrs);
      ObjectNode w = writes.addObject();
      w.put("typeName", e.typeName());
      w.put("guid", refGuid.get(e.qualifiedName()));
      w.set("attributes", attrs);
      if (have == null && !e.classifications().isEmpty()) w.set("classifications", classifications(e));
    }
    boolean changedAny = false;
    if (!writes.isEmpty()) {
      ObjectNode body = JSON.createObjectNode();
      body.set("entities", writes);
      atlas.upsert(body);
      changedAny = true;
    }
    for (AtlasEntity e : wanted.values()) {
      JsonNode have = existing.get(e.qualifiedName());
      if (have == null || e.classifications().isEmpty()) continue;
      Set<String> direct = new LinkedHashSet<>();
      String guid = have.path("guid").asText();
      have.path("classifications").forEach(c -> {
        if (guid.equals(c.path("entityGuid").asText(guid))) direct.add(c.path("typeName").asText());
      });
      ArrayNode add = JSON.createArrayNode();
      classifications(e).forEach(c -> {
        if (!direct.contains(c.path("typeName").asText())) add.add(c);
      });
      if (!add.isEmpty()) {
        LOG.debug("classify {}: {} (has {})", e.qualifiedName(), add, have.path("classifications"));
        atlas.classify(guid, add);
        changedAny = true;
      }
    }
    return changedAny;
  }

  /** Sets {@code attrs[key]} to existing links plus the event's; true when the event adds one. */
  private static boolean linkUnion(ObjectNode attrs, String key, List<String> qualifiedNames, JsonNode have,
      Map<String, String> refGuid, Map<String, AtlasEntity> wanted) {
    Set<String> guids = new LinkedHashSet<>();
    if (have != null) {
      for (JsonNode n : have.path("relationshipAttributes").path(key)) {
        if (!"DELETED".equals(n.path("relationshipStatus").asText())) guids.add(n.path("guid").asText());
      }
      have.path("attributes").path(key).forEach(n -> guids.add(n.path("guid").asText()));
    }
    Set<String> before = new LinkedHashSet<>(guids);
    ArrayNode refs = attrs.putArray(key);
    for (String qn : qualifiedNames) guids.add(refGuid.get(qn));
    for (String g : guids) {
      ObjectNode ref = refs.addObject().put("guid", g);
      wanted.values().stream().filter(w -> g.equals(refGuid.get(w.qualifiedName()))).findFirst()
          .ifPresent(w -> ref.put("typeName", w.typeName()));
    }
    return !before.equals(guids);
  }

  private static ArrayNode classifications(AtlasEntity e) {
    ArrayNode arr = JSON.createArrayNode();
    e.classifications().forEach((name, fields) -> {
      ObjectNode c = arr.addObject();
      c.put("typeName", name);
      c.put("propagate", true);
      c.putObject("attributes").put("fields", fields);
    });
    return arr;
  }
}
