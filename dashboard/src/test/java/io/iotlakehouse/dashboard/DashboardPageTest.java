package io.iotlakehouse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Static checks of the page: data only ever goes in as text, and nothing inline that the CSP would block. */
class DashboardPageTest {
  static String resource(String name) throws IOException {
    try (InputStream in = DashboardPageTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theScriptNeverWritesMarkup() throws IOException {
    String js = resource("dashboard/app.js");
    assertThat(js).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
        "new Function", "setAttribute('on", "srcdoc");
    assertThat(js).contains("textContent");
  }

  @Test
  void thePageHasNoInlineScriptOrStyleAndTheChartElements() throws IOException {
    String html = resource("dashboard/index.html");
    assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=", "<style", " onload=",
        " onclick=");
    assertThat(html).contains("id=\"chart\" data-points=\"0\"", "id=\"fleet-table\"", "id=\"alerts-table\"",
        "id=\"pipelines-table\"", "id=\"map\"", "src=\"/vendor/chart.umd.min.js\"");
  }

  @Test
  void chartJsComesFromTheWebJarOnTheClasspath() throws IOException {
    String path = DashboardServer.chartJsResource();
    assertThat(path).matches("META-INF/resources/webjars/chart\\.js/[0-9.]+/dist/chart\\.umd\\.min\\.js");
    assertThat(resource(path)).contains("Chart.js");
  }
}
