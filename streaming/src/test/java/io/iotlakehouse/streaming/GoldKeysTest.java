package io.iotlakehouse.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.transform.gold.GoldSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoldKeysTest {
  @Test
  void defaultsAreValidAndDocumented() {
    Config c = Config.defaults(GoldJob.keys());
    assertThat(c.get(GoldKeys.TRIGGER)).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.get(GoldKeys.ROLLING_SLIDE)).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.get(GoldKeys.ALLOWED_LATENESS)).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.get(GoldKeys.HEALTH_WINDOW)).isEqualTo(30);
    assertThat(GoldKeys.keys()).hasSize(4).allSatisfy(k -> {
      assertThat(k.doc()).isNotBlank();
      assertThat(k.name()).startsWith("streaming.gold.");
    });
    GoldSettings s = GoldJob.settings(c);
    assertThat(s).isEqualTo(new GoldSettings(60_000, 600_000, 30));
    assertThat(s.windowsPerEvent()).isEqualTo(5);
  }

  @Test
  void aSlideThatDoesNotDivideFiveMinutesFailsWithWhatWhyAndHow() {
    assertThatThrownBy(() -> Config.load(GoldJob.keys(), null, List.of("streaming.gold.rolling-slide=45s")))
        .isInstanceOf(LakehouseException.class)
        .hasMessage("Invalid value '45s' for config key 'streaming.gold.rolling-slide': it must be at least 1s and divide "
            + "5m evenly (e.g. 30s, 1m, 5m). How to fix: set streaming.gold.rolling-slide to a valid value ("
            + GoldKeys.ROLLING_SLIDE.doc() + ")");
    assertThatThrownBy(() -> Config.load(GoldJob.keys(), null, List.of("streaming.gold.rolling-slide=500ms")))
        .hasMessageContaining("it must be at least 1s and divide 5m evenly");
    assertThatThrownBy(() -> Config.load(GoldJob.keys(), null, List.of("streaming.gold.rolling-slide=10m")))
        .hasMessageContaining("it must be at least 1s and divide 5m evenly");
    assertThat(Config.load(GoldJob.keys(), null, List.of("streaming.gold.rolling-slide=5m")).get(GoldKeys.ROLLING_SLIDE))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(Config.load(GoldJob.keys(), null, List.of("streaming.gold.rolling-slide=20s")).get(GoldKeys.ROLLING_SLIDE))
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void otherBadValuesFailFast() {
    assertThatThrownBy(() -> Config.load(GoldJob.keys(), null, List.of("streaming.gold.health-window=1")))
        .isInstanceOf(LakehouseException.class)
        .hasMessageStartingWith("Invalid value '1' for config key 'streaming.gold.health-window': it must be between 2 and 1000.");
    assertThatThrownBy(() -> Config.load(GoldJob.keys(), null, List.of("streaming.gold.allowed-lateness=ten minutes")))
        .hasMessageContaining("it must be a duration such as 500ms, 5s, 2m, 1h or 7d");
    assertThatThrownBy(() -> Config.load(GoldJob.keys(), null, List.of("streaming.gold.trigger-interval=0s")))
        .hasMessageContaining("it must be a positive duration");
    assertThat(Config.load(GoldJob.keys(), null, List.of("streaming.gold.allowed-lateness=0s")).get(GoldKeys.ALLOWED_LATENESS))
        .isZero();
  }

  @Test
  void tablesAndTheCheckpointLiveUnderTheLakeRoot() {
    GoldJob.Paths p = GoldJob.Paths.from(Config.load(GoldJob.keys(), null, List.of("lake.root=/data/lake/")));
    assertThat(p.silver()).isEqualTo("/data/lake/silver/telemetry");
    assertThat(p.gold().rolling()).isEqualTo("/data/lake/gold/sensor_rolling_5m");
    assertThat(p.gold().turbofanHealth()).isEqualTo("/data/lake/gold/turbofan_health");
    assertThat(p.gold().assetHealth()).isEqualTo("/data/lake/gold/asset_health");
    assertThat(p.gold().fleetKpis()).isEqualTo("/data/lake/gold/fleet_kpis_hourly");
    assertThat(p.gold().lateEvents()).isEqualTo("/data/lake/gold/late_events");
    assertThat(p.gold().progress()).isEqualTo("/data/lake/gold/_progress");
    assertThat(p.checkpoint()).isEqualTo("/data/lake/checkpoints/gold-telemetry");
  }
}
