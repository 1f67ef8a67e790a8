package io.iotlakehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in deploy/grafana: it covers the built-in dashboard's panels, every panel uses a declared
 * data source, and every gateway metric it queries is one the gateway exports (names read from the gateway's source).
 */
class GrafanaDashboardTest {
  static final Path DASHBOARD = Manifests.DEPLOY.resolve("grafana/lakehouse-dashboard.json");
  static final Path GATEWAY_METRICS = Manifests.DEPLOY.resolve("../edge/src/main/java/io/iotlakehouse/edge/io/GatewayMetrics.java");
  static final Pattern EDGE_METRIC = Pattern.compile("edge_[a-z_]+");

  final JsonNode dashboard;

  GrafanaDashboardTest() throws IOException {
    dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
  }

  @Test
  void coversTheBuiltInDashboardsPanels() {
    List<String> titles = new ArrayList<>();
    dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText()));
    assertThat(titles).contains("Rolling 5-minute averages", "Active alerts", "Last progress per query",
        "Fleet: latest devices", "Input rows/s", "MQTT messages received/s");
  }

  @Test
  void everyPanelUsesADeclaredDataSource() {
    Set<String> declared = new TreeSet<>();
    dashboard.get("__inputs").forEach(i -> declared.add("${" + i.get("name").asText() + "}"));
    for (JsonNode p : dashboard.get("panels")) {
      if (p.get("type").asText().equals("row")) continue;
      assertThat(declared).as("data source of panel %s", p.get("title")).contains(p.get("datasource").get("uid").asText());
      assertThat(p.get("targets")).as("queries of panel %s", p.get("title")).isNotEmpty();
      assertThat(p.get("gridPos").get("w").asInt() + p.get("gridPos").get("x").asInt()).as("fits the 24-column grid").isLessThanOrEqualTo(24);
    }
  }

  @Test
  void queriesOnlyMetricsTheGatewayExports() throws IOException {
    Set<String> exported = names(Files.readString(GATEWAY_METRICS));
    Set<String> queried = names(Files.readString(DASHBOARD));
    assertThat(queried).as("gateway metrics the dashboard queries").isNotEmpty();
    assertThat(exported).containsAll(queried);
  }

  static Set<String> names(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = EDGE_METRIC.matcher(text);
    while (m.find()) out.add(m.group());
    return out;
  }
}
