package io.iotlakehouse.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.job.HotPathJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HotPathKeysTest {
  @Test
  void defaultsAreValidAndDocumented() {
    Config c = Config.defaults(HotPathJob.keys());
    assertThat(c.get(HotPathKeys.TRIGGER)).isEqualTo(Duration.ofMillis(500));
    assertThat(c.get(HotPathKeys.ALERT_TTL)).isEqualTo(Duration.ofHours(1));
    assertThat(c.get(HotPathKeys.DEVICE_TTL)).isEqualTo(Duration.ofHours(1));
    assertThat(c.get(HotPathKeys.STARTING_OFFSETS)).isEqualTo("latest");
    assertThat(c.get(HotPathKeys.MAX_OFFSETS)).isEqualTo(20_000L);
    assertThat(HotPathKeys.keys()).allSatisfy(k -> {
      assertThat(k.doc()).isNotBlank();
      assertThat(k.name()).startsWith("streaming.hotpath.");
    });
    assertThat(HotPathJob.checkpoint(Config.load(HotPathJob.keys(), null, List.of("lake.root=/data/lake"))))
        .isEqualTo("/data/lake/checkpoints/hotpath-alerts");
  }

  @Test
  void zeroTriggerIsAllowedNegativeAndZeroTtlsAreNot() {
    assertThat(Config.load(HotPathJob.keys(), null, List.of("streaming.hotpath.trigger-interval=0ms")).get(HotPathKeys.TRIGGER))
        .isZero();
    assertThatThrownBy(() -> Config.load(HotPathJob.keys(), null, List.of("streaming.hotpath.alert-ttl=0s")))
        .isInstanceOf(LakehouseException.class)
        .hasMessageStartingWith("Invalid value '0s' for config key 'streaming.hotpath.alert-ttl': it must be a positive duration");
    assertThatThrownBy(() -> Config.load(HotPathJob.keys(), null, List.of("streaming.hotpath.max-offsets-per-trigger=0")))
        .hasMessageContaining("it must be at least 1");
    assertThatThrownBy(() -> Config.load(HotPathJob.keys(), null, List.of("streaming.hotpath.starting-offsets=now")))
        .hasMessageContaining("one of earliest, latest");
  }

  @Test
  void theJobRefusesToStartWithoutKafkaOrRedis() {
    assertThatThrownBy(() -> HotPathJob.run(Config.defaults(HotPathJob.keys())))
        .isInstanceOf(LakehouseException.class).hasMessageStartingWith("Missing kafka.bootstrap-servers");
    assertThatThrownBy(() -> HotPathJob.run(Config.load(HotPathJob.keys(), null, List.of("kafka.bootstrap-servers=127.0.0.1:9"))))
        .isInstanceOf(LakehouseException.class).hasMessageStartingWith("Missing redis.url")
        .hasMessageContaining("How to fix: pass --conf redis.url=redis://host:port");
  }
}
