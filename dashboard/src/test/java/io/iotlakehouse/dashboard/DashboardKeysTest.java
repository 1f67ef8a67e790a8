package io.iotlakehouse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DashboardKeysTest {
  @Test
  void defaults() {
    DashboardSettings s = DashboardSettings.from(Config.defaults(DashboardKeys.keys()));
    assertThat(s.port()).isEqualTo(18080);
    assertThat(s.refresh()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.history()).isEqualTo(Duration.ofHours(6));
    assertThat(s.pipelineStaleAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.fleetLimit()).isEqualTo(500);
    assertThat(s.alertLimit()).isEqualTo(100);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "dashboard.port=70000        | between 0 and 65535",
    "dashboard.port=web          | a whole number",
    "dashboard.refresh=100ms     | between 500ms and 10m",
    "dashboard.refresh=often     | a duration such as 500ms",
    "dashboard.history=1m        | between 5m and 31d",
    "dashboard.pipeline-stale-after=0s | a positive duration",
    "dashboard.fleet-limit=0     | between 1 and 10000",
  })
  void badValuesFailFastWithWhatWhyAndFix(String override, String expectation) {
    assertThatThrownBy(() -> Config.load(DashboardKeys.keys(), null, List.of(override.trim())))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining("Invalid value '" + override.trim().split("=")[1] + "' for config key '"
            + override.trim().split("=")[0] + "'")
        .hasMessageContaining(expectation.trim())
        .hasMessageContaining("How to fix: set " + override.trim().split("=")[0]);
  }

  @Test
  void everyKeyIsDocumentedInTheReadme() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    for (var k : DashboardKeys.keys()) {
      assertThat(readme).contains("| `" + k.name() + "` | `" + k.defaultText() + "` |");
    }
  }
}
