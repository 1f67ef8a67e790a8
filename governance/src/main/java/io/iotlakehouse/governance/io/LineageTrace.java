package io.iotlakehouse.governance.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotlakehouse.common.error.ConfigErrors;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.governance.transform.LineageGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds an entity by the name people use (a table {@code gold.asset_health}, a model {@code rul/3}, a gateway id, a
 * job, or any qualified name) and fetches its lineage from Atlas as a {@link LineageGraph}. A gateway starts two
 * traces: its deployments (upstream of the gateway) and its ingest job (downstream: topic, bronze, ...).
 */
public final class LineageTrace {
  private static final Set<String> VERSIONED = Set.of("lakehouse_delta_table", "lakehouse_iceberg_table",
      "lakehouse_model_version");

  private final AtlasClient atlas;

  public LineageTrace(AtlasClient atlas) {
    this.atlas = atlas;
  }

  /** The result: where the trace started (qualified names) and the graph. */
  public record Trace(List<String> starts, LineageGraph graph) {}

  public Trace trace(String name, String direction, int depth) {
    Map<String, JsonNode> all = entities();
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode e : all.values()) {
      String qn = e.path("attributes").path("qualifiedName").asText();
      if (qn.equals(name)) {
        found = List.of(e);
        break;
      }
      if (e.path("attributes").path("name").asText().equalsIgnoreCase(name)) found.add(e);
    }
    if (found.isEmpty()) throw unknown(name, all);
    if (found.size() > 1) {
      List<String> qns = found.stream().map(e -> e.path("attributes").path("qualifiedName").asText()).toList();
      throw new LakehouseException("'" + name + "' names " + found.size() + " entities in Atlas",
          "several entities share that short name: " + String.join(", ", qns), "pass one of these qualified names instead");
    }
    JsonNode start = found.get(0);
    List<String> starts = new ArrayList<>(List.of(start.path("attributes").path("qualifiedName").asText()));
    LineageGraph g = LineageGraph.fromAtlas(atlas.lineage(start.path("guid").asText(), direction, depth));
    if (start.path("typeName").asText().equals("lakehouse_gateway")) {
      String ingest = "lakehouse://gateway-" + start.path("attributes").path("name").asText();
      atlas.entity("lakehouse_gateway_ingest", ingest).ifPresent(p -> {
        g.merge(LineageGraph.fromAtlas(atlas.lineage(p.path("guid").asText(), direction, depth)));
        starts.add(ingest);
      });
    }
    for (LineageGraph.Node n : List.copyOf(g.nodes())) {
      if (VERSIONED.contains(n.type())) {
        JsonNode a = atlas.entityByGuid(n.guid()).path("attributes");
        JsonNode v = a.has("currentVersion") ? a.get("currentVersion") : a.get("modelVersion");
        if (v != null && !v.isNull()) g.replace(n.withVersion(v.asText()));
      }
    }
    return new Trace(starts, g);
  }

  /** Every DataSet and Process of the catalog, by guid (basic search, paged). */
  private Map<String, JsonNode> entities() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String type : List.of("DataSet", "Process")) {
      for (int offset = 0; ; offset += 1000) {
        JsonNode page = atlas.search(type, 1000, offset).path("entities");
        page.forEach(e -> out.put(e.path("guid").asText(), e));
        if (page.size() < 1000) break;
      }
    }
    return out;
  }

  private static LakehouseException unknown(String name, Map<String, JsonNode> all) {
    List<String> names = new ArrayList<>();
    all.values().forEach(e -> names.add(e.path("attributes").path("name").asText()));
    List<String> close = ConfigErrors.closest(name, names, 5);
    return new LakehouseException("No table, model, gateway or job named '" + name + "' in Atlas",
        "the lineage recorder has not seen it (" + all.size() + " entities known)",
        close.isEmpty()
            ? "check the name (tables are <layer>.<table>, e.g. gold.asset_health; models <name>/<version>); is `lakehouse lineage record` running?"
            : "did you mean " + String.join(" or ", close) + "?");
  }
}
