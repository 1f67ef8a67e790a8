package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/** The MLflow server of mlflow.tracking-uri, or the local MLflow-compatible one under the work dir when it is empty. */
final class MlflowServer implements AutoCloseable {
  final URI uri;
  private final MlflowCompatibleServer local;

  private MlflowServer(URI uri, MlflowCompatibleServer local) {
    this.uri = uri;
    this.local = local;
  }

  static MlflowServer of(Config config, PrintWriter err) {
    String tracking = config.get(PlatformKeys.MLFLOW_TRACKING_URI);
    if (!tracking.isBlank()) return new MlflowServer(URI.create(tracking), null);
    Path data = config.get(PlatformKeys.WORK_DIR).toAbsolutePath().resolve("services/mlflow");
    MlflowCompatibleServer local = new MlflowCompatibleServer().start("127.0.0.1", 0, data);
    err.println("MLflow-compatible server at " + local.uri() + " (data in " + data + ")");
    return new MlflowServer(local.uri(), local);
  }

  @Override
  public void close() {
    if (local != null) local.stop();
  }
}
