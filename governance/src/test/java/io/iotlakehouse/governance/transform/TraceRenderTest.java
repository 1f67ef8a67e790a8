package io.iotlakehouse.governance.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceRenderTest {
  /** An Atlas lineage answer: topic -> bronze job -> bronze, 8 devices -> gateway ingest -> topic. */
  static LineageGraph graph() throws Exception {
    StringBuilder map = new StringBuilder();
    StringBuilder rel = new StringBuilder();
    map.append(h("t", "kafka_topic", "kafka://k/iot-telemetry", "iot-telemetry", "\"pii_gps_position\""));
    map.append(',').append(h("j", "lakehouse_streaming_job", "lakehouse://bronze-telemetry", "bronze-telemetry", ""));
    map.append(',').append(h("b", "lakehouse_delta_table", "file:///lake/bronze/telemetry", "bronze.telemetry", "\"pii_gps_position\""));
    map.append(',').append(h("g", "lakehouse_gateway_ingest", "lakehouse://gateway-gw-1", "gateway-gw-1", ""));
    rel.append(r("t", "j")).append(',').append(r("j", "b")).append(',').append(r("g", "t"));
    for (int i = 0; i < 8; i++) {
      map.append(',').append(h("d" + i, "lakehouse_device", "iot://devices/truck-" + i, "truck-" + i, ""));
      rel.append(',').append(r("d" + i, "g"));
    }
    JsonNode json = new ObjectMapper().readTree("{\"guidEntityMap\":{" + map + "},\"relations\":[" + rel + "]}");
    return LineageGraph.fromAtlas(json);
  }

  static String h(String guid, String type, String qn, String name, String cls) {
    return "\"" + guid + "\":{\"typeName\":\"" + type + "\",\"guid\":\"" + guid + "\",\"attributes\":{\"qualifiedName\":\""
        + qn + "\",\"name\":\"" + name + "\"},\"classificationNames\":[" + cls + "]}";
  }

  static String r(String from, String to) {
    return "{\"fromEntityId\":\"" + from + "\",\"toEntityId\":\"" + to + "\"}";
  }

  @Test
  void printsThePathUpstreamWithDevicesSummarized() throws Exception {
    LineageGraph g = graph();
    g.replace(g.node("file:///lake/bronze/telemetry").withVersion("42"));
    String text = TraceRender.text(g, List.of("file:///lake/bronze/telemetry"), true, false);
    assertThat(text).startsWith("bronze.telemetry [lakehouse_delta_table v42] {pii_gps_position}  file:///lake/bronze/telemetry\n"
        + "  <- bronze-telemetry [lakehouse_streaming_job]  lakehouse://bronze-telemetry\n"
        + "    <- iot-telemetry [kafka_topic] {pii_gps_position}  kafka://k/iot-telemetry\n"
        + "      <- gateway-gw-1 [lakehouse_gateway_ingest]  lakehouse://gateway-gw-1\n"
        + "        <- truck-0 [lakehouse_device]  iot://devices/truck-0\n");
    assertThat(text).contains("        <- ... and 3 more lakehouse_device\n").doesNotContain("truck-7");
  }

  @Test
  void downstreamUsesForwardArrows() throws Exception {
    String text = TraceRender.text(graph(), List.of("iot://devices/truck-3"), false, true);
    assertThat(text).isEqualTo("truck-3 [lakehouse_device]  iot://devices/truck-3\n"
        + "  -> gateway-gw-1 [lakehouse_gateway_ingest]  lakehouse://gateway-gw-1\n"
        + "    -> iot-telemetry [kafka_topic] {pii_gps_position}  kafka://k/iot-telemetry\n"
        + "      -> bronze-telemetry [lakehouse_streaming_job]  lakehouse://bronze-telemetry\n"
        + "        -> bronze.telemetry [lakehouse_delta_table] {pii_gps_position}  file:///lake/bronze/telemetry\n");
  }

  @Test
  void jsonIsOneObjectWithNodesAndEdges() throws Exception {
    String json = TraceRender.json(graph(), List.of("file:///lake/bronze/telemetry"), "INPUT");
    assertThat(json).doesNotContain("\n");
    JsonNode n = new ObjectMapper().readTree(json);
    assertThat(n.path("nodes")).hasSize(12);
    assertThat(n.path("edges")).hasSize(11);
    assertThat(n.at("/nodes/0/type").asText()).isEqualTo("kafka_topic");
    assertThat(n.at("/edges/0/from").asText()).isEqualTo("kafka://k/iot-telemetry");
    assertThat(n.at("/nodes/0/classifications/0").asText()).isEqualTo("pii_gps_position");
  }

  @Test
  void dotDrawsJobsAsBoxesAndHtmlEscapes() throws Exception {
    LineageGraph g = graph();
    String dot = TraceRender.dot(g, List.of("file:///lake/bronze/telemetry"));
    assertThat(dot).startsWith("digraph lineage {").contains("label=\"bronze-telemetry\\nlakehouse_streaming_job\", shape=box")
        .contains("n0 -> n1;").endsWith("}\n");
    String html = TraceRender.html(g, List.of("a<b"), "x < y", null);
    assertThat(html).contains("Lineage of a&lt;b", "<pre>x &lt; y</pre>").doesNotContain("<svg");
  }
}
