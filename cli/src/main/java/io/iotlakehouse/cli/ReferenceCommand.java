package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.ReferenceTables;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.SilverJob;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "reference", mixinStandardHelpOptions = true,
    description = "Maintain the reference tables silver enriches events with (device registry, weather).",
    subcommands = {ReferenceCommand.Seed.class, ReferenceCommand.Device.class, ReferenceCommand.Weather.class})
final class ReferenceCommand {
  @ParentCommand LakehouseCli root;

  static SparkSession spark(Config config) {
    return SparkSessions.create("lakehouse-reference", config.get(StreamingKeys.SPARK_MASTER));
  }

  @Command(name = "seed", mixinStandardHelpOptions = true,
      description = "Register the simulated fleet's devices (site, model, install date) and hourly weather per site. "
          + "Idempotent: known devices and hours are left as they are.")
  static final class Seed implements Callable<Integer> {
    @ParentCommand ReferenceCommand parent;

    @Option(names = "--weather-back", defaultValue = "48h", description = "Weather hours before now (default ${DEFAULT-VALUE}).")
    String back;

    @Option(names = "--weather-ahead", defaultValue = "48h", description = "Weather hours after now (default ${DEFAULT-VALUE}).")
    String ahead;

    @Override
    public Integer call() {
      Config config = parent.root.config();
      Duration b = Durations.parse("--weather-back", back);
      Duration a = Durations.parse("--weather-ahead", ahead);
      SparkSession spark = spark(config);
      try {
        ReferenceSeed.Result r = ReferenceSeed.seed(spark, config, b, a);
        SilverJob.Paths p = SilverJob.Paths.from(config);
        System.out.printf("registered %d new devices in %s; added %d weather hours in %s%n", r.devices(), p.registry(),
            r.weatherHours(), p.weather());
      } finally {
        spark.stop();
      }
      return 0;
    }
  }

  @Command(name = "device", mixinStandardHelpOptions = true,
      description = "Add a version of a device: its site/model from --valid-from on (default now). Events measured "
          + "before keep the previous version.")
  static final class Device implements Callable<Integer> {
    @ParentCommand ReferenceCommand parent;

    @Option(names = "--id", required = true, description = "Device id.") String id;
    @Option(names = "--kind", required = true, description = "env, truck or turbofan.") String kind;
    @Option(names = "--site", required = true, description = "Site from --valid-from on.") String site;
    @Option(names = "--model", description = "Device model.") String model;
    @Option(names = "--install-date", description = "YYYY-MM-DD.") String installDate;
    @Option(names = "--valid-from", description = "ISO-8601 instant, e.g. 2026-11-24T08:00:00Z (default now).") String validFrom;

    @Override
    public Integer call() {
      Config config = parent.root.config();
      String k;
      try {
        k = DeviceKind.fromWire(kind).wireName();
      } catch (IllegalArgumentException e) {
        throw new LakehouseException("--kind '" + kind + "' is not a device kind", "silver knows env, truck and turbofan",
            "pass --kind env, --kind truck or --kind turbofan");
      }
      LocalDate installed = installDate == null ? null : parse("--install-date", installDate, LocalDate::parse, "2024-03-01");
      Instant from = validFrom == null ? Instant.now() : parse("--valid-from", validFrom, Instant::parse, "2026-11-24T08:00:00Z");
      SparkSession spark = spark(config);
      try {
        String path = SilverJob.Paths.from(config).registry();
        ReferenceTables.appendDevices(spark, path, List.of(new ReferenceTables.Device(id, k, site, model, installed, from)));
        System.out.printf("%s is at %s from %s on (%s)%n", id, site, from, path);
      } finally {
        spark.stop();
      }
      return 0;
    }
  }

  @Command(name = "weather", mixinStandardHelpOptions = true,
      description = "Record (or correct) the weather at a site for one hour; the newest record of an hour wins.")
  static final class Weather implements Callable<Integer> {
    @ParentCommand ReferenceCommand parent;

    @Option(names = "--site", required = true) String site;
    @Option(names = "--hour", required = true, description = "ISO-8601 instant within the hour, e.g. 2026-11-24T08:00:00Z.") String hour;
    @Option(names = "--temperature", required = true, description = "Outside temperature in °C.") double temperature;
    @Option(names = "--condition", required = true, description = "e.g. clear, cloudy, rain, snow.") String condition;

    @Override
    public Integer call() {
      Config config = parent.root.config();
      Instant h = parse("--hour", hour, Instant::parse, "2026-11-24T08:00:00Z").truncatedTo(ChronoUnit.HOURS);
      SparkSession spark = spark(config);
      try {
        String path = SilverJob.Paths.from(config).weather();
        ReferenceTables.appendWeather(spark, path, List.of(new ReferenceTables.Weather(site, h, temperature, condition, Instant.now())));
        System.out.printf("weather at %s for %s: %.1f °C, %s (%s)%n", site, h, temperature, condition, path);
      } finally {
        spark.stop();
      }
      return 0;
    }
  }

  private static <T> T parse(String option, String value, java.util.function.Function<String, T> parser, String example) {
    try {
      return parser.apply(value);
    } catch (DateTimeParseException e) {
      throw new LakehouseException(option + " '" + value + "' does not parse", e.getMessage(), "use a value like " + example);
    }
  }
}
