package io.iotlakehouse.streaming.transform.hot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The driver-side registry lookup has silver Enrichment's point-in-time semantics. */
class SiteLookupTest {
  @Test
  void aRowHoldsFromItsValidFromUntilTheDevicesNextRow() {
    SiteLookup l = SiteLookup.builder().add("env-1", "plant-a", 1000L).add("env-1", "plant-b", 5000L)
        .add("truck-1", "depot", null).build();
    assertThat(l.site("env-1", 999)).as("before the first row").isNull();
    assertThat(l.site("env-1", 1000)).isEqualTo("plant-a");
    assertThat(l.site("env-1", 4999)).isEqualTo("plant-a");
    assertThat(l.site("env-1", 5000)).isEqualTo("plant-b");
    assertThat(l.site("truck-1", Long.MIN_VALUE + 1)).as("no valid_from = since forever").isEqualTo("depot");
    assertThat(l.known("env-1")).isTrue();
    assertThat(l.known("env-9")).as("registry exists, device absent: silver's unknown_device").isFalse();
    assertThat(l.site("env-9", 5000)).isNull();
    assertThat(l.devices()).isEqualTo(2);
  }

  @Test
  void withoutARegistryEveryDeviceIsKnownAndHasNoSite() {
    assertThat(SiteLookup.OPEN.known("anything")).isTrue();
    assertThat(SiteLookup.OPEN.site("anything", 1)).isNull();
    assertThat(SiteLookup.OPEN.open()).isTrue();
  }
}
