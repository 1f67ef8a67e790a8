package io.iotlakehouse.common.config;

import io.iotlakehouse.common.error.LakehouseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Secrets are configured by reference, never by value: {@code env:NAME} (an environment variable) or
 * {@code file:PATH} (the file's content, trailing line breaks removed). So a secret never sits in a config file, on a
 * command line (child processes get their config as {@code --conf} arguments) or in a log line.
 */
public final class Secrets {
  private Secrets() {}

  /** Empty (no secret), {@code env:NAME} or {@code file:PATH}. */
  public static Validator<String> reference() {
    return Validator.of(s -> s.isEmpty() || s.matches("env:[A-Za-z_][A-Za-z0-9_]*") || s.matches("file:.+"),
        "empty, env:<VARIABLE> or file:<path> (a reference to the secret, never the secret itself)");
  }

  /** The secret {@code ref} refers to ({@code setting} names it in errors); fails with what/why/fix when unreadable. */
  public static String resolve(String ref, String setting) {
    return resolve(ref, setting, System.getenv());
  }

  static String resolve(String ref, String key, Map<String, String> env) {
    if (ref.startsWith("env:")) {
      String value = env.get(ref.substring(4));
      if (value == null || value.isEmpty()) {
        throw new LakehouseException("Secret " + key + " is not available",
            "it refers to environment variable " + ref.substring(4) + ", which is not set in this process",
            "export " + ref.substring(4) + " before starting, or point " + key + " at a file with file:<path>");
      }
      return value;
    }
    if (ref.startsWith("file:")) {
      Path file = Path.of(ref.substring(5));
      try {
        String value = Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
        if (value.isEmpty()) throw new IOException("the file is empty");
        return value;
      } catch (IOException e) {
        throw new LakehouseException("Secret " + key + " is not available", "cannot read " + file + ": " + e.getMessage(),
            "create the file (readable by this user only: chmod 600), or point " + key + " at an environment variable "
                + "with env:<NAME>");
      }
    }
    throw new LakehouseException("Secret " + key + " is not set", "this setting needs a secret",
        "set " + key + " to env:<VARIABLE> or file:<path>");
  }
}
