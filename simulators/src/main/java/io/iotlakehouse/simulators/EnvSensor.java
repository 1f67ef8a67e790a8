package io.iotlakehouse.simulators;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Payload;
import java.util.SplittableRandom;

/** Temperature/humidity sensor: a daily cycle plus a bounded random walk, rounded like a real sensor. */
public final class EnvSensor implements SimulatedDevice {
  private final String id;
  private final SplittableRandom random;
  private final double baseTemp;
  private double drift;

  public EnvSensor(String id, long seed) {
    this.id = id;
    this.random = new SplittableRandom(seed);
    this.baseTemp = 18 + random.nextDouble() * 6;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public DeviceKind kind() {
    return DeviceKind.ENV;
  }

  @Override
  public Payload next(long nowMillis) {
    drift = Math.max(-3, Math.min(3, drift + (random.nextDouble() - 0.5) * 0.2));
    double dayPhase = (nowMillis % 86_400_000L) / 86_400_000.0 * 2 * Math.PI;
    double temp = baseTemp + 4 * Math.sin(dayPhase - Math.PI / 2) + drift + random.nextGaussian() * 0.05;
    double humidity = Math.max(5, Math.min(95, 55 - 2.5 * (temp - baseTemp) + random.nextGaussian() * 0.5));
    return new Payload.Env(Math.round(temp * 100) / 100.0, Math.round(humidity * 10) / 10.0);
  }
}
