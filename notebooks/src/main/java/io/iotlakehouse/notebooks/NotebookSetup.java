package io.iotlakehouse.notebooks;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.Lake;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prepares a notebook folder for `lakehouse notebooks`: the shipped notebooks (copied once, so the user's edits and
 * outputs stay in the work dir, never in the repository), the config file the kernels read, and the kernel spec.
 */
public final class NotebookSetup {
  /** The notebooks this module ships (the .ipynb files of the module folder, on the classpath under notebooks/). */
  public static final List<String> SHIPPED =
      List.of("01-explore-the-lake.ipynb", "02-train-an-experiment.ipynb", "03-trace-lineage.ipynb");
  static final String CONFIG_FILE = "lakehouse-notebooks.properties";

  private NotebookSetup() {}

  /**
   * Copies the shipped notebooks that are not in {@code dir} yet, writes the kernels' config (with
   * {@code trackingUri} as {@code mlflow.tracking-uri} and absolute lake and work paths) and installs the kernel spec.
   *
   * @return the config file written
   */
  public static Path prepare(Path dir, Config config, URI trackingUri, Jupyter jupyter, List<Path> classpath, String heap) {
    try {
      Files.createDirectories(dir);
      for (String name : SHIPPED) {
        Path target = dir.resolve(name);
        if (!Files.exists(target)) {
          try (InputStream in = NotebookSetup.class.getResourceAsStream("/notebooks/" + name)) {
            if (in == null) {
              throw new IllegalStateException("notebook " + name + " is missing from the classpath: rebuild the notebooks module");
            }
            Files.copy(in, target);
          }
        }
      }
      Path conf = dir.resolve(CONFIG_FILE);
      Files.write(conf, configLines(config, trackingUri));
      KernelSpec.install(jupyter.kernelPath(), Path.of(System.getProperty("java.home"), "bin", "java"), classpath, heap,
          Map.of(NotebookLake.CONFIG_ENV, conf.toString()));
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the notebook folder " + dir, e);
    }
  }

  /** The notebook keys set in {@code config}, with the lake root and work dir made absolute and the MLflow URI. */
  static List<String> configLines(Config config, URI trackingUri) {
    List<String> lines = new ArrayList<>();
    lines.add("# written by `lakehouse notebooks`; the notebook kernels read it (" + NotebookLake.CONFIG_ENV + ")");
    List<String> args = config.asArgs(NotebookLake.keys());
    for (int i = 1; i < args.size(); i += 2) {
      String kv = args.get(i);
      String key = kv.substring(0, kv.indexOf('='));
      if (!List.of(StreamingKeys.LAKE_ROOT.name(), PlatformKeys.WORK_DIR.name(), PlatformKeys.MLFLOW_TRACKING_URI.name()).contains(key)) {
        lines.add(kv);
      }
    }
    lines.add(PlatformKeys.WORK_DIR.name() + "=" + config.get(PlatformKeys.WORK_DIR).toAbsolutePath());
    String root = Lake.from(config).root();
    // the kernels run in the notebook folder: a relative lake path must not change meaning
    lines.add(StreamingKeys.LAKE_ROOT.name() + "=" + (root.contains(":") ? root : Path.of(root).toAbsolutePath()));
    lines.add(PlatformKeys.MLFLOW_TRACKING_URI.name() + "=" + trackingUri);
    return lines;
  }
}
