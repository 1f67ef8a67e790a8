package io.iotlakehouse.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.streaming.transform.silver.SilverSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilverKeysTest {
  @Test
  void defaultsAreValidAndDocumented() {
    Config c = Config.defaults(SilverJob.keys());
    assertThat(c.get(SilverKeys.TRIGGER)).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.get(SilverKeys.LATE_BOUND)).isEqualTo(Duration.ofDays(3));
    assertThat(c.get(SilverKeys.FUTURE_SKEW)).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.get(SilverKeys.DEVICE_REGISTRY)).isEmpty();
    assertThat(SilverKeys.keys()).allSatisfy(k -> assertThat(k.doc()).isNotBlank()).hasSize(5);
    assertThat(SilverKeys.keys()).allSatisfy(k -> assertThat(k.name()).startsWith("streaming.silver."));
  }

  @Test
  void invalidValuesFailWithWhatWhyAndHow() {
    assertThatThrownBy(() -> Config.load(SilverJob.keys(), null, List.of("streaming.silver.late-bound=0s")))
        .isInstanceOf(LakehouseException.class)
        .hasMessage("Invalid value '0s' for config key 'streaming.silver.late-bound': it must be a positive duration. "
            + "How to fix: set streaming.silver.late-bound to a valid value (" + SilverKeys.LATE_BOUND.doc() + ")");
    assertThatThrownBy(() -> Config.load(SilverJob.keys(), null, List.of("streaming.silver.future-skew=soon")))
        .hasMessageContaining("it must be a duration such as 500ms, 5s, 2m, 1h or 7d");
    assertThat(Config.load(SilverJob.keys(), null, List.of("streaming.silver.future-skew=0s")).get(SilverKeys.FUTURE_SKEW)).isZero();
  }

  @Test
  void theWatermarkDelayCoversBothTimeBounds() {
    SilverSettings s = SilverSettings.of(Duration.ofMinutes(5), Duration.ofDays(3));
    assertThat(s.watermarkDelayMillis()).isEqualTo(Duration.ofDays(3).plusMinutes(5).toMillis());
  }

  @Test
  void tablesAndTheDefaultRegistryLiveUnderTheLakeRoot() {
    SilverJob.Paths p = SilverJob.Paths.from(Config.load(SilverJob.keys(), null, List.of("lake.root=/data/lake/")));
    assertThat(p.silver()).isEqualTo("/data/lake/silver/telemetry");
    assertThat(p.quarantine()).isEqualTo("/data/lake/silver/quarantine");
    assertThat(p.duplicates()).isEqualTo("/data/lake/silver/duplicates");
    assertThat(p.registry()).isEqualTo("/data/lake/reference/devices");
    assertThat(p.checkpoint()).isEqualTo("/data/lake/checkpoints/silver-telemetry");
    assertThat(SilverJob.Paths.from(Config.load(SilverJob.keys(), null,
        List.of("lake.root=/data/lake", "streaming.silver.device-registry-path=s3a://ref/devices"))).registry())
        .isEqualTo("s3a://ref/devices");
  }
}
