package io.iotlakehouse.streaming.io;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.streaming.StreamingKeys;

/**
 * Where tables and checkpoints live: {@code <root>/<layer>/<table>} and {@code <root>/checkpoints/<queryName>}.
 * Query names are {@code <layer>-<table>}.
 */
public record Lake(String root) {
  public static Lake from(Config config) {
    String root = config.get(StreamingKeys.LAKE_ROOT);
    if (root.isBlank()) root = config.get(PlatformKeys.WORK_DIR).resolve("lake").toAbsolutePath().toString();
    return new Lake(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
  }

  public String table(String layer, String name) {
    return root + "/" + layer + "/" + name;
  }

  public String checkpoint(String queryName) {
    return root + "/checkpoints/" + queryName;
  }

  public static final String BRONZE_TELEMETRY_QUERY = "bronze-telemetry";

  public String bronzeTelemetry() {
    return table("bronze", "telemetry");
  }
}
