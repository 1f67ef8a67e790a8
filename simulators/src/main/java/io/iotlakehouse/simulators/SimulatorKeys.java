package io.iotlakehouse.simulators;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.util.List;

/** Config keys of the device simulators. */
public final class SimulatorKeys {
  private SimulatorKeys() {}

  public static final ConfigKey<Integer> ENV_COUNT = ConfigKey.define(
      "simulators.env.count", ValueType.INT, "10", Validator.between(0, 10_000),
      "Environmental sensors (temperature, humidity) to simulate");
  public static final ConfigKey<Integer> TRUCK_COUNT = ConfigKey.define(
      "simulators.trucks.count", ValueType.INT, "50", Validator.between(0, 5_000),
      "Trucks (GPS, speed, engine diagnostics, fault codes) to simulate; the fleet scenario goes up to 5000");
  public static final ConfigKey<Integer> TURBOFAN_COUNT = ConfigKey.define(
      "simulators.turbofans.count", ValueType.INT, "20", Validator.between(0, 100),
      "Turbofan engines replaying C-MAPSS FD001 trajectories (one engine = one device, one cycle = one message)");
  public static final ConfigKey<Double> RATE_HZ = ConfigKey.define(
      "simulators.rate-hz", ValueType.DOUBLE, "1.0", Validator.between(0.0, 1000.0),
      "Messages per second per device; 0 publishes as fast as the broker acknowledges (tests, benchmarks)");
  public static final ConfigKey<Long> EVENTS_PER_DEVICE = ConfigKey.define(
      "simulators.events-per-device", ValueType.LONG, "0", Validator.atLeast(0L),
      "Stop each device after this many events; 0 runs until stopped");
  public static final ConfigKey<String> FORMAT = ConfigKey.define(
      "simulators.format", ValueType.STRING, "avro", Validator.oneOf("avro", "json", "mixed"),
      "Wire format devices publish: Avro single-object encoding, JSON, or a mix (both are accepted)");
  public static final ConfigKey<Integer> SCHEMA_VERSION = ConfigKey.define(
      "simulators.schema-version", ValueType.INT, String.valueOf(io.iotlakehouse.common.event.TelemetryCodec.LATEST_VERSION),
      Validator.between(1, io.iotlakehouse.common.event.TelemetryCodec.LATEST_VERSION),
      "Avro telemetry schema version devices write (1 = original firmware; 2 adds firmware_version). Both are read "
          + "everywhere, so a fleet can upgrade while the pipeline runs");
  public static final ConfigKey<Long> SEED = ConfigKey.define(
      "simulators.seed", ValueType.LONG, "42", "Random seed, so runs are reproducible");

  public static List<ConfigKey<?>> keys() {
    return List.of(ENV_COUNT, TRUCK_COUNT, TURBOFAN_COUNT, RATE_HZ, EVENTS_PER_DEVICE, FORMAT, SCHEMA_VERSION, SEED);
  }
}
