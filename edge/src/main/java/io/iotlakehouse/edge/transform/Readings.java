package io.iotlakehouse.edge.transform;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sensor values of an event by name, the names gold uses: {@code temperature_c}, {@code humidity_pct} (env);
 * {@code speed_kmh}, {@code engine_rpm}, {@code engine_temp_c}, {@code oil_pressure_kpa}, {@code fuel_level_pct}
 * (truck); {@code s1}..{@code s21} (turbofan, C-MAPSS numbering). Pure.
 */
public final class Readings {
  private Readings() {}

  private static final Map<DeviceKind, List<String>> NAMES = Map.of(
      DeviceKind.ENV, List.of("temperature_c", "humidity_pct"),
      DeviceKind.TRUCK, List.of("speed_kmh", "engine_rpm", "engine_temp_c", "oil_pressure_kpa", "fuel_level_pct"),
      DeviceKind.TURBOFAN, turbofanNames());

  private static List<String> turbofanNames() {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= Payload.Turbofan.SENSORS; i++) out.add("s" + i);
    return List.copyOf(out);
  }

  /** The sensor names of a device kind. */
  public static List<String> names(DeviceKind kind) {
    return NAMES.get(kind);
  }

  /**
   * The value of sensor {@code index} of {@link #names(DeviceKind)} for the payload's kind (the index keeps the hot
   * path free of string lookups).
   */
  public static double value(Payload p, int index) {
    if (p instanceof Payload.Env e) return index == 0 ? e.temperatureC() : e.humidityPct();
    if (p instanceof Payload.Truck t) {
      return switch (index) {
        case 0 -> t.speedKmh();
        case 1 -> t.engineRpm();
        case 2 -> t.engineTempC();
        case 3 -> t.oilPressureKpa();
        default -> t.fuelLevelPct();
      };
    }
    return ((Payload.Turbofan) p).sensors().get(index);
  }
}
