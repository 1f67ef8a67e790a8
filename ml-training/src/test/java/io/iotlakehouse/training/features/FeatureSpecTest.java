package io.iotlakehouse.training.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.training.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureSpecTest {

  @Test
  void roundTripsThroughJson(@TempDir Path dir) throws Exception {
    FeatureSpec spec = FeatureSpec.fit(TestData.fd001().subList(0, 20), FeatureOptions.defaults());
    Path file = dir.resolve("spec.json");

    spec.write(file);
    FeatureSpec back = FeatureSpec.read(file);

    assertThat(back).isEqualTo(spec);
    assertThat(back.featureNames()).isEqualTo(spec.featureNames());
    EngineSeries engine = TestData.fd001().get(70);
    assertThat(FeatureExtractor.lastRow(back, engine)).containsExactly(FeatureExtractor.lastRow(spec, engine));
    assertThat(spec.toJson()).contains("\"feature_names\"", "\"window_stats\"", "\"health_index\"",
        "\"conditions\"");
  }

  @Test
  void rejectsFeatureNamesThatDoNotMatchTheSpec() {
    FeatureSpec spec = FeatureSpec.fit(TestData.fd001().subList(0, 20), FeatureOptions.defaults());
    String tampered = spec.toJson().replace("\"s2_ewm\"", "\"s2_max\"");

    assertThatThrownBy(() -> FeatureSpec.fromJson(tampered))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature_names do not match the spec");
  }

  @Test
  void rejectsUnknownFormatVersions() {
    FeatureSpec spec = FeatureSpec.fit(TestData.fd001().subList(0, 20), FeatureOptions.defaults());
    String future = spec.toJson().replace("\"format_version\" : 1", "\"format_version\" : 99");

    assertThatThrownBy(() -> FeatureSpec.fromJson(future))
        .hasMessageContaining("Unsupported feature spec format_version 99");
  }

  @Test
  void failsClearlyWhenEverySensorIsConstant() {
    EngineSeries flat = new EngineSeries(1, List.of(
        new CycleRecord(1, 1, new double[] {0, 0, 100}, new double[] {1, 2}),
        new CycleRecord(1, 2, new double[] {0, 0, 100}, new double[] {1, 2})));

    assertThatThrownBy(() -> FeatureSpec.fit(List.of(flat), FeatureOptions.defaults()))
        .hasMessageContaining("every sensor is (near) constant");
  }
}
