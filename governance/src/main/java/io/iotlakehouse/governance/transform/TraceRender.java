package io.iotlakehouse.governance.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Renders a {@link LineageGraph} (pure): as an indented path, one JSON object, Graphviz DOT, or an HTML page. */
public final class TraceRender {
  /** Inputs of one job beyond this many of the same type are summarized ("... and 4,990 more lakehouse_device"). */
  static final int MAX_SAME_TYPE = 5;

  private TraceRender() {}

  /**
   * The path from {@code start}: upstream lines begin with {@code <-}, downstream lines with {@code ->}, one level of
   * indentation per step; a node reached twice is printed once more as "(see above)".
   */
  public static String text(LineageGraph g, List<String> starts, boolean upstream, boolean downstream) {
    StringBuilder sb = new StringBuilder();
    for (String start : starts) {
      sb.append(label(g.node(start))).append('\n');
      if (upstream) walk(g, start, "<- ", g::upstreamOf, 1, new HashSet<>(Set.of(start)), sb);
      if (downstream) walk(g, start, "-> ", g::downstreamOf, 1, new HashSet<>(Set.of(start)), sb);
    }
    return sb.toString();
  }

  private static void walk(LineageGraph g, String from, String arrow, Function<String, List<String>> next, int depth,
      Set<String> seen, StringBuilder sb) {
    Map<String, List<String>> byType = new TreeMap<>(next.apply(from).stream()
        .collect(Collectors.groupingBy(q -> g.node(q).type())));
    for (List<String> group : byType.values()) {
      for (int i = 0; i < group.size(); i++) {
        String q = group.get(i);
        String indent = "  ".repeat(depth);
        if (i == MAX_SAME_TYPE && group.size() > MAX_SAME_TYPE + 1) {
          sb.append(indent).append(arrow).append("... and ").append(String.format("%,d", group.size() - MAX_SAME_TYPE))
              .append(" more ").append(g.node(q).type()).append('\n');
          break;
        }
        if (!seen.add(q)) {
          sb.append(indent).append(arrow).append(label(g.node(q))).append(" (see above)\n");
          continue;
        }
        sb.append(indent).append(arrow).append(label(g.node(q))).append('\n');
        walk(g, q, arrow, next, depth + 1, seen, sb);
      }
    }
  }

  static String label(LineageGraph.Node n) {
    StringBuilder s = new StringBuilder(n.name()).append(" [").append(n.type());
    if (n.version() != null) s.append(" v").append(n.version());
    s.append(']');
    if (!n.classifications().isEmpty()) s.append(" {").append(String.join(", ", n.classifications())).append('}');
    if (!n.name().equals(n.qualifiedName())) s.append("  ").append(n.qualifiedName());
    return s.toString();
  }

  /** One JSON object: start, direction, nodes (type, qualified name, name, version, classifications), edges. */
  public static String json(LineageGraph g, List<String> starts, String direction) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    starts.forEach(root.putArray("start")::add);
    root.put("direction", direction);
    ArrayNode nodes = root.putArray("nodes");
    for (LineageGraph.Node n : g.nodes()) {
      ObjectNode o = nodes.addObject();
      o.put("qualifiedName", n.qualifiedName());
      o.put("name", n.name());
      o.put("type", n.type());
      o.put("guid", n.guid());
      if (n.version() != null) o.put("version", n.version());
      n.classifications().forEach(o.putArray("classifications")::add);
    }
    ArrayNode edges = root.putArray("edges");
    g.edges().forEach(e -> edges.addObject().put("from", e.from()).put("to", e.to()));
    return root.toString();
  }

  /** Graphviz DOT: jobs as boxes, datasets as ellipses, classified datasets outlined red. */
  public static String dot(LineageGraph g, List<String> starts) {
    StringBuilder sb = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
    int i = 0;
    Map<String, String> ids = new java.util.HashMap<>();
    for (LineageGraph.Node n : g.nodes()) {
      String id = "n" + (i++);
      ids.put(n.qualifiedName(), id);
      boolean job = n.type().endsWith("_job") || n.type().endsWith("_ingest") || n.type().endsWith("_deployment");
      sb.append("  ").append(id).append(" [label=\"").append(esc(n.name())).append("\\n").append(esc(n.type()))
          .append(n.version() == null ? "" : " v" + esc(n.version())).append("\", shape=")
          .append(job ? "box, style=rounded" : "ellipse")
          .append(n.classifications().isEmpty() ? "" : ", color=red")
          .append(starts.contains(n.qualifiedName()) ? ", penwidth=2" : "").append("];\n");
    }
    for (LineageGraph.Edge e : g.edges()) {
      sb.append("  ").append(ids.get(e.from())).append(" -> ").append(ids.get(e.to())).append(";\n");
    }
    return sb.append("}\n").toString();
  }

  /** A self-contained HTML page: the path as text, the picture when Graphviz drew one ({@code svg} may be null). */
  public static String html(LineageGraph g, List<String> starts, String text, String svg) {
    StringBuilder sb = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Lineage of ")
        .append(esc(String.join(", ", starts))).append("</title><style>body{font-family:sans-serif} pre{background:#f4f4f4;padding:1em}"
            + " td,th{padding:2px 8px;text-align:left}</style></head><body>\n<h1>Lineage of ")
        .append(esc(String.join(", ", starts))).append("</h1>\n");
    if (svg != null) sb.append(svg.substring(Math.max(0, svg.indexOf("<svg")))).append('\n');
    sb.append("<pre>").append(esc(text)).append("</pre>\n<table><tr><th>name</th><th>type</th><th>version</th><th>classifications</th><th>qualified name</th></tr>\n");
    for (LineageGraph.Node n : g.nodes()) {
      sb.append("<tr><td>").append(esc(n.name())).append("</td><td>").append(esc(n.type())).append("</td><td>")
          .append(n.version() == null ? "" : esc(n.version())).append("</td><td>")
          .append(esc(String.join(", ", n.classifications()))).append("</td><td>").append(esc(n.qualifiedName()))
          .append("</td></tr>\n");
    }
    return sb.append("</table>\n</body></html>\n").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
