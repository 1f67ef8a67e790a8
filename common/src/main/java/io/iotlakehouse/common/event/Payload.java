package io.iotlakehouse.common.event;

import java.util.List;

/** The typed measurement part of a telemetry event; one record type per device kind. */
public sealed interface Payload permits Payload.Env, Payload.Truck, Payload.Turbofan {
  DeviceKind kind();

  /** Environmental sensor (beginner scenario). */
  record Env(double temperatureC, double humidityPct) implements Payload {
    @Override
    public DeviceKind kind() {
      return DeviceKind.ENV;
    }
  }

  /** Truck telemetry: GPS and engine diagnostics (intermediate scenario). */
  record Truck(
      double lat,
      double lon,
      double speedKmh,
      double engineRpm,
      double engineTempC,
      double oilPressureKpa,
      double fuelLevelPct,
      List<String> faultCodes)
      implements Payload {
    public Truck {
      faultCodes = List.copyOf(faultCodes);
    }

    @Override
    public DeviceKind kind() {
      return DeviceKind.TRUCK;
    }
  }

  /** One operating cycle of a turbofan engine (C-MAPSS layout: 3 settings, 21 sensors). */
  record Turbofan(int unit, int cycle, List<Double> settings, List<Double> sensors) implements Payload {
    public static final int SETTINGS = 3;
    public static final int SENSORS = 21;

    public Turbofan {
      settings = List.copyOf(settings);
      sensors = List.copyOf(sensors);
    }

    @Override
    public DeviceKind kind() {
      return DeviceKind.TURBOFAN;
    }
  }
}
