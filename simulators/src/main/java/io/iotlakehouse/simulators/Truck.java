package io.iotlakehouse.simulators;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Payload;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A truck driving around a depot: GPS moves with speed and heading, engine rpm/temperature/oil pressure follow
 * load, fuel drains, and now and then a diagnostic trouble code appears (more often when the engine runs hot).
 */
public final class Truck implements SimulatedDevice {
  private static final List<String> CODES = List.of("P0217", "P0520", "P0300", "P0420", "P0171");
  private final String id;
  private final SplittableRandom random;
  private double lat;
  private double lon;
  private double heading;
  private double speed;
  private double engineTemp = 85;
  private double fuel;
  private long lastMillis;

  public Truck(String id, long seed, double depotLat, double depotLon) {
    this.id = id;
    this.random = new SplittableRandom(seed);
    this.lat = depotLat + (random.nextDouble() - 0.5) * 0.5;
    this.lon = depotLon + (random.nextDouble() - 0.5) * 0.5;
    this.heading = random.nextDouble() * 2 * Math.PI;
    this.fuel = 40 + random.nextDouble() * 60;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public DeviceKind kind() {
    return DeviceKind.TRUCK;
  }

  @Override
  public Payload next(long nowMillis) {
    double dt = lastMillis == 0 ? 1 : Math.max(0, (nowMillis - lastMillis) / 1000.0);
    lastMillis = nowMillis;
    speed = Math.max(0, Math.min(110, speed + (random.nextDouble() - 0.45) * 6));
    heading += (random.nextDouble() - 0.5) * 0.1;
    double km = speed * dt / 3600;
    lat += km / 111.0 * Math.cos(heading);
    lon += km / (111.0 * Math.cos(Math.toRadians(lat))) * Math.sin(heading);
    double rpm = speed < 1 ? 700 + random.nextDouble() * 50 : 900 + speed * 12 + random.nextGaussian() * 40;
    engineTemp += ((75 + speed * 0.25) - engineTemp) * 0.05 + random.nextGaussian() * 0.3;
    double oil = 150 + rpm * 0.12 + random.nextGaussian() * 5;
    fuel = Math.max(0, fuel - km * 0.35 / 5);
    if (fuel < 5) fuel = 95; // refuelled
    List<String> faults = random.nextDouble() < (engineTemp > 105 ? 0.05 : 0.0005)
        ? List.of(CODES.get(random.nextInt(CODES.size())))
        : List.of();
    return new Payload.Truck(round(lat, 6), round(lon, 6), round(speed, 1), Math.round(rpm), round(engineTemp, 1),
        round(oil, 1), round(fuel, 1), faults);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
