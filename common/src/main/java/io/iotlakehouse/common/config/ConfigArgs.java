package io.iotlakehouse.common.config;

import io.iotlakehouse.common.error.LakehouseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Parses the arguments every platform main accepts: {@code [--config-file F] [--conf key=value]...}. Used by the
 * process mains (gateway, spark-submit entry points); the {@code lakehouse} command has its own richer CLI.
 */
public final class ConfigArgs {
  private ConfigArgs() {}

  public static Config parse(String[] args, Collection<ConfigKey<?>> keys) {
    Path file = null;
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.equals("--conf") && !a.equals("--config-file")) {
        throw new LakehouseException("Unknown argument '" + a + "'",
            "this program takes only --config-file F and --conf key=value", "remove it or write it as --conf key=value");
      }
      if (i + 1 >= args.length) {
        throw new LakehouseException("Missing value after " + a, "the option takes an argument", "write " + a + " <value>");
      }
      if (a.equals("--conf")) overrides.add(args[++i]);
      else file = Path.of(args[++i]);
    }
    return Config.load(keys, file, overrides);
  }

  /** Fails when a key that has an empty default (meaning "embedded") is unset, for programs that never embed. */
  public static void require(Config config, ConfigKey<String> key, String why) {
    if (config.get(key).isBlank()) {
      throw new LakehouseException("Missing " + key.name(), why, "pass --conf " + key.name() + "=<value> (" + key.doc() + ")");
    }
  }
}
