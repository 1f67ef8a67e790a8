package io.iotlakehouse.notebooks;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.SilverJob;
import io.iotlakehouse.training.TrainingKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * What a notebook needs to find the platform's data: the config `lakehouse notebooks` handed to the kernel (a
 * properties file named by {@value #CONFIG_ENV}), the lake's tables, a Spark session and the MLflow server.
 *
 * <pre>{@code
 * var lh = NotebookLake.open();
 * var spark = lh.spark();
 * spark.read().format("delta").load(lh.silver().silver());
 * }</pre>
 */
public final class NotebookLake {
  /** Environment variable naming the properties file with the platform config for notebooks. */
  public static final String CONFIG_ENV = "LAKEHOUSE_NOTEBOOK_CONFIG";

  private final Config config;
  private SparkSession spark;

  private NotebookLake(Config config) {
    this.config = config;
  }

  /** The keys a notebook config file may set. */
  public static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(StreamingKeys.keys());
    keys.addAll(SilverKeys.keys());
    keys.addAll(GoldKeys.keys());
    keys.addAll(TrainingKeys.keys());
    return keys;
  }

  /** The config from the file in {@value #CONFIG_ENV}; the defaults when the variable is not set. */
  public static NotebookLake open() {
    String file = System.getenv(CONFIG_ENV);
    if (file == null || file.isBlank()) {
      return new NotebookLake(Config.defaults(keys()));
    }
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new LakehouseException("Cannot read the notebook config " + path, CONFIG_ENV + " names it",
          "start the notebooks with ./lakehouse notebooks, which writes it, or point " + CONFIG_ENV + " at a "
              + "properties file of config keys");
    }
    return new NotebookLake(Config.load(keys(), path, List.of()));
  }

  public Config config() {
    return config;
  }

  public Lake lake() {
    return Lake.from(config);
  }

  /** Silver's tables (telemetry, quarantine, duplicates) and its reference tables. */
  public SilverJob.Paths silver() {
    return SilverJob.Paths.from(config);
  }

  public GoldTables gold() {
    return GoldTables.in(lake());
  }

  /** The MLflow tracking server; `lakehouse notebooks` starts the local one when {@code mlflow.tracking-uri} is empty. */
  public URI trackingUri() {
    String uri = config.get(PlatformKeys.MLFLOW_TRACKING_URI);
    if (uri.isBlank()) {
      throw new LakehouseException("No MLflow server configured", PlatformKeys.MLFLOW_TRACKING_URI.name() + " is empty",
          "start the notebooks with ./lakehouse notebooks (it starts the local MLflow-compatible server) or set "
              + PlatformKeys.MLFLOW_TRACKING_URI.name());
    }
    return URI.create(uri);
  }

  /** The platform's Spark session (Delta enabled, UTC, {@code spark.master} from the config), created on first use. */
  public synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSessions.create("lakehouse-notebook", config.get(StreamingKeys.SPARK_MASTER));
    }
    return spark;
  }
}
