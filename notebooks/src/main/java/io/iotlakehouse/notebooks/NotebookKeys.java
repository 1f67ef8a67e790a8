package io.iotlakehouse.notebooks;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Keys of `lakehouse notebooks`: the Jupyter server and the Java kernel it starts. */
public final class NotebookKeys {
  private NotebookKeys() {}

  public static final ConfigKey<Integer> PORT = ConfigKey.define(
      "notebooks.port", ValueType.INT, "18888", Validator.between(1, 65535),
      "Port of the Jupyter server `lakehouse notebooks` starts on 127.0.0.1");

  public static final ConfigKey<Path> JUPYTER = ConfigKey.define(
      "notebooks.jupyter", ValueType.PATH, "/usr/bin/jupyter",
      "The jupyter program (Debian packages jupyter-notebook, jupyter-nbconvert, jupyter-client, python3-nbclient)");

  public static final ConfigKey<String> KERNEL_HEAP = ConfigKey.define(
      "notebooks.kernel-heap", ValueType.STRING, "4g",
      Validator.of(s -> s.matches("[1-9][0-9]*[mMgG]"), "a JVM heap size such as 3g or 2048m"),
      "Max heap (-Xmx) of each notebook's Java kernel, which runs Spark in local mode");

  public static final ConfigKey<Duration> START_TIMEOUT = ConfigKey.define(
      "notebooks.start-timeout", ValueType.DURATION, "60s",
      "How long `lakehouse notebooks` waits for the Jupyter server to answer before failing with its log");

  public static List<ConfigKey<?>> keys() {
    return List.of(PORT, JUPYTER, KERNEL_HEAP, START_TIMEOUT);
  }
}
