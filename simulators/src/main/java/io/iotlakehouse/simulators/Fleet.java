package io.iotlakehouse.simulators;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.event.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the simulated devices the config asks for. Device ids are stable across runs. */
public final class Fleet {
  private Fleet() {}

  public static List<SimulatedDevice> from(Config config) {
    long seed = config.get(SimulatorKeys.SEED);
    List<SimulatedDevice> devices = new ArrayList<>();
    for (int i = 1; i <= config.get(SimulatorKeys.ENV_COUNT); i++) {
      devices.add(new EnvSensor(String.format("env-%03d", i), seed + i));
    }
    for (int i = 1; i <= config.get(SimulatorKeys.TRUCK_COUNT); i++) {
      // five depots; trucks spread around them
      double[][] depots = {{52.52, 13.40}, {48.14, 11.58}, {50.11, 8.68}, {53.55, 9.99}, {51.23, 6.78}};
      double[] d = depots[i % depots.length];
      devices.add(new Truck(String.format("truck-%04d", i), seed * 31 + i, d[0], d[1]));
    }
    int engines = config.get(SimulatorKeys.TURBOFAN_COUNT);
    if (engines > 0) {
      Map<Integer, List<Payload.Turbofan>> fd001 = TurbofanReplay.fd001();
      for (int unit = 1; unit <= engines; unit++) {
        devices.add(new TurbofanReplay(String.format("turbofan-%03d", unit), fd001.get(unit), 0));
      }
    }
    return devices;
  }
}
