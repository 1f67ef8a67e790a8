package io.iotlakehouse.registry.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the MLflow-compatible server. Keys (also accepted as {@code -Dkey=value} system properties, or as
 * {@code --host/--port/--data-dir} command-line options, which win):
 * <ul>
 *   <li>{@value #HOST} — interface to bind, default {@code 127.0.0.1} (loopback only);</li>
 *   <li>{@value #PORT} — TCP port, default {@code 5000}; 0 picks a free port;</li>
 *   <li>{@value #DATA_DIR} — folder for the H2 database ({@code db/}) and artifacts ({@code artifacts/}),
 *       default {@code ./mlflow-data}.</li>
 * </ul>
 */
public record ServerConfig(String host, int port, Path dataDir) {
  public static final String HOST = "mlflow.server.host";
  public static final String PORT = "mlflow.server.port";
  public static final String DATA_DIR = "mlflow.server.data-dir";

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(PORT + " must be between 0 and 65535 but was " + port
          + ". Pick a free port, or 0 to let the system choose one.");
    }
  }

  public static ServerConfig from(Properties properties, String... args) {
    String host = properties.getProperty(HOST, "127.0.0.1");
    String port = properties.getProperty(PORT, "5000");
    String dataDir = properties.getProperty(DATA_DIR, "mlflow-data");
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--host" -> host = require(args[i], value);
        case "--port" -> port = require(args[i], value);
        case "--data-dir" -> dataDir = require(args[i], value);
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + ". Supported options: --host <ip>, "
            + "--port <port>, --data-dir <folder>.");
      }
      i++;
    }
    int parsedPort;
    try {
      parsedPort = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT + " must be a number but was '" + port + "'.", e);
    }
    return new ServerConfig(host, parsedPort, Path.of(dataDir));
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException("Option " + option + " needs a value.");
    }
    return value;
  }

  /** The keys with their defaults, for documentation and help output. */
  public static Map<String, String> defaults() {
    return Map.of(HOST, "127.0.0.1", PORT, "5000", DATA_DIR, "mlflow-data");
  }
}
