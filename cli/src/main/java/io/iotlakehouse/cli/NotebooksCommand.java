package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.notebooks.Jupyter;
import io.iotlakehouse.notebooks.KernelSpec;
import io.iotlakehouse.notebooks.NotebookKeys;
import io.iotlakehouse.notebooks.NotebookSetup;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "notebooks", mixinStandardHelpOptions = true,
    description = {
      "Start Jupyter on 127.0.0.1 (notebooks.port) with the platform's Java kernel and print its URL (with a token).",
      "The notebooks (explore the lake, train an experiment vs the champion, trace lineage) are copied once into "
          + "<lakehouse.work-dir>/notebooks; the kernel spec 'Java (lakehouse)' is installed there too, with this "
          + "project's classpath and the config (lake.root, mlflow.tracking-uri). With mlflow.tracking-uri empty the "
          + "local MLflow-compatible server runs on <lakehouse.work-dir>/services/mlflow while Jupyter runs. Ctrl-C stops both.",
      "Needs Debian's Jupyter: apt-get install jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient."
    })
final class NotebooksCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Config config = root.config();
    Path work = config.get(PlatformKeys.WORK_DIR).toAbsolutePath();
    Path dir = work.resolve("notebooks");
    Jupyter jupyter = new Jupyter(config.get(NotebookKeys.JUPYTER), dir.resolve(".jupyter")).requireInstalled();
    String tracking = config.get(PlatformKeys.MLFLOW_TRACKING_URI);
    MlflowCompatibleServer mlflow = null;
    if (tracking.isBlank()) {
      mlflow = new MlflowCompatibleServer().start("127.0.0.1", 0, work.resolve("services/mlflow"));
      tracking = mlflow.uri().toString();
      spec.commandLine().getErr().println("MLflow-compatible server at " + tracking);
    }
    NotebookSetup.prepare(dir, config, URI.create(tracking), jupyter,
        KernelSpec.classpath(System.getProperty("java.class.path")), config.get(NotebookKeys.KERNEL_HEAP));
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    Jupyter.Server server = jupyter.start(dir, config.get(NotebookKeys.PORT), token, Map.of(),
        config.get(NotebookKeys.START_TIMEOUT));
    MlflowCompatibleServer localMlflow = mlflow;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      if (localMlflow != null) localMlflow.stop();
      stopped.countDown();
    }, "notebooks-shutdown"));
    spec.commandLine().getOut().println("Jupyter at " + server.url() + " (notebooks in " + dir + "; Ctrl-C stops it)");
    stopped.await();
    return 0;
  }
}
