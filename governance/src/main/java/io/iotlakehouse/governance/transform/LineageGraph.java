package io.iotlakehouse.governance.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lineage graph as the trace shows it: nodes (Atlas entities) and edges in data-flow direction (dataset -> job ->
 * dataset), keyed by qualified name. Built from Atlas's lineage API answers ({@link #fromAtlas}), merged when a name
 * starts several traces (a gateway: its deployments upstream, its ingest job downstream).
 */
public final class LineageGraph {
  /** One entity; {@code version} is a table's current version, a model's version, or null. */
  public record Node(String qualifiedName, String name, String type, String guid, String version, List<String> classifications) {
    public Node withVersion(String v) {
      return new Node(qualifiedName, name, type, guid, v, classifications);
    }
  }

  public record Edge(String from, String to) {}

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Set<Edge> edges = new LinkedHashSet<>();

  /** Parses an {@code /api/atlas/v2/lineage/{guid}} answer. */
  public static LineageGraph fromAtlas(JsonNode lineage) {
    LineageGraph g = new LineageGraph();
    Map<String, String> byGuid = new LinkedHashMap<>();
    lineage.path("guidEntityMap").fields().forEachRemaining(e -> {
      JsonNode h = e.getValue();
      String qn = h.path("attributes").path("qualifiedName").asText(e.getKey());
      List<String> cls = new ArrayList<>();
      h.path("classificationNames").forEach(c -> cls.add(c.asText()));
      g.add(new Node(qn, h.path("attributes").path("name").asText(h.path("displayText").asText(qn)),
          h.path("typeName").asText(), e.getKey(), null, cls));
      byGuid.put(e.getKey(), qn);
    });
    for (JsonNode r : lineage.path("relations")) {
      String from = byGuid.get(r.path("fromEntityId").asText());
      String to = byGuid.get(r.path("toEntityId").asText());
      if (from != null && to != null) g.edges.add(new Edge(from, to));
    }
    return g;
  }

  public void add(Node n) {
    nodes.merge(n.qualifiedName(), n, (a, b) -> a.version() != null ? a : b);
  }

  public void addEdge(String from, String to) {
    edges.add(new Edge(from, to));
  }

  public void merge(LineageGraph other) {
    other.nodes.values().forEach(this::add);
    edges.addAll(other.edges);
  }

  public void replace(Node n) {
    nodes.put(n.qualifiedName(), n);
  }

  public Node node(String qualifiedName) {
    return nodes.get(qualifiedName);
  }

  public Collection<Node> nodes() {
    return nodes.values();
  }

  public Set<Edge> edges() {
    return edges;
  }

  /** Qualified names of the nodes with an edge into {@code qn}. */
  public List<String> upstreamOf(String qn) {
    return edges.stream().filter(e -> e.to().equals(qn)).map(Edge::from).toList();
  }

  /** Qualified names of the nodes {@code qn} has an edge to. */
  public List<String> downstreamOf(String qn) {
    return edges.stream().filter(e -> e.from().equals(qn)).map(Edge::to).toList();
  }
}
