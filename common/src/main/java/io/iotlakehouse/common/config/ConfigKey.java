package io.iotlakehouse.common.config;

import io.iotlakehouse.common.error.ConfigErrors;
import java.util.Objects;

/**
 * A config key, declared once with its type, default, validation and documentation (the style of Kafka's
 * {@code ConfigDef.define}). Keys are lower case, {@code .} for hierarchy and {@code -} inside a concept, e.g.
 * {@code streaming.bronze.trigger-interval}.
 */
public final class ConfigKey<T> {
  private final String name;
  private final ValueType<T> type;
  private final String defaultText;
  private final Validator<? super T> validator;
  private final String doc;

  private ConfigKey(String name, ValueType<T> type, String defaultText, Validator<? super T> validator, String doc) {
    if (!name.matches("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*")) {
      throw new IllegalArgumentException("Config key '" + name + "' breaks the naming rule (lower case, '.' and '-')");
    }
    this.name = name;
    this.type = Objects.requireNonNull(type);
    this.defaultText = Objects.requireNonNull(defaultText, "every key has a default; use \"\" for 'not set'");
    this.validator = Objects.requireNonNull(validator);
    this.doc = Objects.requireNonNull(doc);
    parse(defaultText); // a default must itself be valid
  }

  public static <T> ConfigKey<T> define(
      String name, ValueType<T> type, String defaultText, Validator<? super T> validator, String doc) {
    return new ConfigKey<>(name, type, defaultText, validator, doc);
  }

  public static <T> ConfigKey<T> define(String name, ValueType<T> type, String defaultText, String doc) {
    return new ConfigKey<>(name, type, defaultText, Validator.any(), doc);
  }

  /** Parses and validates {@code text}; throws a user-facing error saying what is expected. */
  public T parse(String text) {
    T value;
    try {
      value = type.parse(text);
    } catch (RuntimeException e) {
      throw ConfigErrors.invalidValue(name, text, type.expectation(), doc);
    }
    if (!validator.test(value)) {
      throw ConfigErrors.invalidValue(name, text, validator.describe(), doc);
    }
    return value;
  }

  public String name() {
    return name;
  }

  public String defaultText() {
    return defaultText;
  }

  public String doc() {
    return doc;
  }

  public String expectation() {
    String v = validator.describe();
    return "any value".equals(v) ? type.expectation() : type.expectation() + ", " + v;
  }

  @Override
  public String toString() {
    return name;
  }
}
