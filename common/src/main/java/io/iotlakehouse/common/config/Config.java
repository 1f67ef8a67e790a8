package io.iotlakehouse.common.config;

import io.iotlakehouse.common.error.ConfigErrors;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Resolved configuration: declared keys, values from an optional properties file, then {@code --conf key=value}
 * overrides. Loading fails fast on an unknown key or an invalid value, so a typo never silently falls back to a
 * default.
 */
public final class Config {
  private final Map<String, ConfigKey<?>> declared;
  private final Map<String, String> values;

  private Config(Map<String, ConfigKey<?>> declared, Map<String, String> values) {
    this.declared = declared;
    this.values = values;
  }

  public static Config load(Collection<ConfigKey<?>> keys, Path file, List<String> overrides) {
    Map<String, ConfigKey<?>> declared = new TreeMap<>();
    for (ConfigKey<?> k : keys) {
      if (declared.put(k.name(), k) != null) {
        throw new IllegalStateException("Config key " + k.name() + " is declared twice");
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw ConfigErrors.unreadableFile(file.toString(), e.toString());
      }
      p.stringPropertyNames().forEach(k -> values.put(k.trim(), p.getProperty(k).trim()));
    }
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) throw ConfigErrors.malformedOverride(o);
      values.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      ConfigKey<?> key = declared.get(e.getKey());
      if (key == null) throw ConfigErrors.unknownKey(e.getKey(), declared.keySet());
      key.parse(e.getValue());
    }
    return new Config(declared, values);
  }

  public static Config defaults(Collection<ConfigKey<?>> keys) {
    return load(keys, null, List.of());
  }

  public <T> T get(ConfigKey<T> key) {
    if (!declared.containsKey(key.name())) {
      throw new IllegalStateException("Config key " + key.name() + " was not declared to this Config");
    }
    return key.parse(values.getOrDefault(key.name(), key.defaultText()));
  }

  /** True when the user set the key (file or override), false when it has its default. */
  public boolean isSet(ConfigKey<?> key) {
    return values.containsKey(key.name());
  }

  /** A copy with one more override applied (validated like any other). */
  public Config with(ConfigKey<?> key, String value) {
    key.parse(value);
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key.name(), value);
    return new Config(declared, copy);
  }

  public Collection<ConfigKey<?>> keys() {
    return declared.values();
  }

  /** The values set for {@code keys} as {@code --conf key=value} arguments, to hand them to a child process. */
  public List<String> asArgs(Collection<ConfigKey<?>> keys) {
    List<String> args = new java.util.ArrayList<>();
    for (ConfigKey<?> k : keys) {
      if (values.containsKey(k.name())) {
        args.add("--conf");
        args.add(k.name() + "=" + values.get(k.name()));
      }
    }
    return args;
  }
}
