package io.iotlakehouse.training.features;

import java.util.Arrays;
import java.util.Objects;

/**
 * One operational cycle of one engine: the unit id, the cycle number (1-based, increasing within a unit), the
 * operating settings and the raw sensor readings. Arrays are not copied (this type sits on hot paths); callers
 * must not mutate them after construction.
 */
public record CycleRecord(int unit, int cycle, double[] settings, double[] sensors) {

  public CycleRecord {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(sensors, "sensors");
  }

  /** Sensor value by its 1-based number as the C-MAPSS documentation counts them (sensor 1 .. sensor 21). */
  public double sensor(int number) {
    return sensors[number - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CycleRecord r
        && unit == r.unit
        && cycle == r.cycle
        && Arrays.equals(settings, r.settings)
        && Arrays.equals(sensors, r.sensors);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * unit + cycle) + Arrays.hashCode(settings)) + Arrays.hashCode(sensors);
  }

  @Override
  public String toString() {
    return "CycleRecord[unit=" + unit + ", cycle=" + cycle + ", settings=" + Arrays.toString(settings)
        + ", sensors=" + Arrays.toString(sensors) + "]";
  }
}
