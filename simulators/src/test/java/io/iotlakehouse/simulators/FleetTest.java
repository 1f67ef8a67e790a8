package io.iotlakehouse.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.config.Config;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetTest {
  private final Config config = Config.load(SimulatorKeys.keys(), null,
      List.of("simulators.env.count=4", "simulators.trucks.count=7", "simulators.turbofans.count=3"));

  @Test
  void everySimulatedDeviceHasExactlyOneRegistrationWithASite() {
    List<String> devices = Fleet.from(config).stream().map(SimulatedDevice::id).toList();
    List<Fleet.Registration> registry = Fleet.registrations(config);
    assertThat(registry).extracting(Fleet.Registration::deviceId).containsExactlyElementsOf(devices);
    assertThat(registry).allSatisfy(r -> {
      assertThat(r.site()).isNotBlank();
      assertThat(r.model()).isNotBlank();
      assertThat(r.installDate()).isBefore(java.time.LocalDate.of(2025, 1, 1));
    });
    assertThat(registry).extracting(Fleet.Registration::site).contains("plant-berlin", "depot-munich", "hangar-1");
    assertThat(Fleet.registrations(config)).isEqualTo(registry);
  }

  @Test
  void weatherIsHourlyPerSiteAndReproducible() {
    Instant from = Instant.parse("2026-11-24T10:30:00Z");
    List<Fleet.HourlyWeather> w = Fleet.weather(List.of("plant-berlin", "hangar-1"), from, from.plusSeconds(3 * 3600), 7);
    assertThat(w).hasSize(8); // hours 10, 11, 12 and 13 touch [10:30, 13:30)
    assertThat(w.get(0).hour()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(w).allSatisfy(h -> assertThat(h.temperatureC()).isBetween(-30.0, 45.0));
    assertThat(Fleet.weather(List.of("plant-berlin", "hangar-1"), from, from.plusSeconds(3 * 3600), 7)).isEqualTo(w);
  }
}
