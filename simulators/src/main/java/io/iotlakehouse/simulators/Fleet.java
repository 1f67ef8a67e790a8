package io.iotlakehouse.simulators;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Payload;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds the simulated devices the config asks for, and what a device registry would say about them. Device ids,
 * sites and models are stable across runs (they depend on the index and the seed only).
 */
public final class Fleet {
  private Fleet() {}

  /** Firmware version that schema v2 devices report. */
  public static final String FIRMWARE = "2.4.1";

  private static final String[] PLANTS = {"plant-berlin", "plant-munich"};
  /** Five depots; trucks spread around them. */
  private static final String[] DEPOTS = {"depot-berlin", "depot-munich", "depot-frankfurt", "depot-hamburg", "depot-duesseldorf"};
  private static final double[][] DEPOT_POSITIONS = {{52.52, 13.40}, {48.14, 11.58}, {50.11, 8.68}, {53.55, 9.99}, {51.23, 6.78}};
  private static final String HANGAR = "hangar-1";

  /** A device as the registry knows it. */
  public record Registration(String deviceId, DeviceKind kind, String site, String model, LocalDate installDate) {}

  public static List<SimulatedDevice> from(Config config) {
    long seed = config.get(SimulatorKeys.SEED);
    List<SimulatedDevice> devices = new ArrayList<>();
    for (int i = 1; i <= config.get(SimulatorKeys.ENV_COUNT); i++) {
      devices.add(new EnvSensor(envId(i), seed + i));
    }
    for (int i = 1; i <= config.get(SimulatorKeys.TRUCK_COUNT); i++) {
      double[] d = DEPOT_POSITIONS[i % DEPOTS.length];
      devices.add(new Truck(truckId(i), seed * 31 + i, d[0], d[1]));
    }
    int engines = config.get(SimulatorKeys.TURBOFAN_COUNT);
    if (engines > 0) {
      Map<Integer, List<Payload.Turbofan>> fd001 = TurbofanReplay.fd001();
      for (int unit = 1; unit <= engines; unit++) {
        devices.add(new TurbofanReplay(turbofanId(unit), fd001.get(unit), 0));
      }
    }
    return devices;
  }

  /** Registry rows for the devices {@link #from} builds: site (plant, truck depot, hangar), model, install date. */
  public static List<Registration> registrations(Config config) {
    SplittableRandom random = new SplittableRandom(config.get(SimulatorKeys.SEED));
    LocalDate first = LocalDate.of(2019, 1, 1);
    List<Registration> out = new ArrayList<>();
    for (int i = 1; i <= config.get(SimulatorKeys.ENV_COUNT); i++) {
      out.add(new Registration(envId(i), DeviceKind.ENV, PLANTS[i % PLANTS.length], "EnvSense T200",
          first.plusDays(random.nextInt(2000))));
    }
    for (int i = 1; i <= config.get(SimulatorKeys.TRUCK_COUNT); i++) {
      out.add(new Registration(truckId(i), DeviceKind.TRUCK, DEPOTS[i % DEPOTS.length], "Hauler X7 telematics",
          first.plusDays(random.nextInt(2000))));
    }
    for (int unit = 1; unit <= config.get(SimulatorKeys.TURBOFAN_COUNT); unit++) {
      out.add(new Registration(turbofanId(unit), DeviceKind.TURBOFAN, HANGAR, "Turbofan (C-MAPSS FD001)",
          first.plusDays(random.nextInt(2000))));
    }
    return out;
  }

  /** Hourly weather at a site, the same for the same (site, hour, seed): a daily cycle around a per-site mean. */
  public record HourlyWeather(String site, Instant hour, double temperatureC, String condition) {}

  public static List<HourlyWeather> weather(List<String> sites, Instant from, Instant to, long seed) {
    List<HourlyWeather> out = new ArrayList<>();
    for (String site : sites) {
      for (Instant h = from.truncatedTo(ChronoUnit.HOURS); h.isBefore(to); h = h.plus(1, ChronoUnit.HOURS)) {
        SplittableRandom r = new SplittableRandom(seed ^ site.hashCode() * 31L ^ h.getEpochSecond());
        double hourOfDay = (h.getEpochSecond() / 3600) % 24;
        double temp = 8 + (site.hashCode() % 5) + 6 * Math.sin((hourOfDay - 9) / 24 * 2 * Math.PI) + r.nextGaussian();
        double p = r.nextDouble();
        String condition = p < 0.55 ? "clear" : p < 0.8 ? "cloudy" : temp < 1 ? "snow" : "rain";
        out.add(new HourlyWeather(site, h, Math.round(temp * 10) / 10.0, condition));
      }
    }
    return out;
  }

  private static String envId(int i) {
    return String.format("env-%03d", i);
  }

  private static String truckId(int i) {
    return String.format("truck-%04d", i);
  }

  private static String turbofanId(int unit) {
    return String.format("turbofan-%03d", unit);
  }
}
