package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.simulators.Fleet;
import io.iotlakehouse.simulators.SimulatorKeys;
import io.iotlakehouse.streaming.io.ReferenceTables;
import io.iotlakehouse.streaming.job.SilverJob;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Loads the simulated fleet's registry rows and hourly weather into the reference tables, without duplicating any. */
final class ReferenceSeed {
  private ReferenceSeed() {}

  record Result(long devices, long weatherHours) {}

  static Result seed(SparkSession spark, Config config, Duration back, Duration ahead) {
    SilverJob.Paths paths = SilverJob.Paths.from(config);
    List<Fleet.Registration> fleet = Fleet.registrations(config);
    long devices = ReferenceTables.registerNew(spark, paths.registry(), fleet.stream()
        .map(r -> new ReferenceTables.Device(r.deviceId(), r.kind().wireName(), r.site(), r.model(), r.installDate(),
            r.installDate().atStartOfDay(ZoneOffset.UTC).toInstant()))
        .toList());
    Instant now = Instant.now();
    List<String> sites = fleet.stream().map(Fleet.Registration::site).distinct().sorted().toList();
    long hours = ReferenceTables.addMissingWeather(spark, paths.weather(),
        Fleet.weather(sites, now.minus(back), now.plus(ahead), config.get(SimulatorKeys.SEED)).stream()
            .map(w -> new ReferenceTables.Weather(w.site(), w.hour(), w.temperatureC(), w.condition(), now))
            .toList());
    return new Result(devices, hours);
  }
}
