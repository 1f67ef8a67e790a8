package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.registry.contract.ContractReplayer;
import io.iotlakehouse.registry.contract.ReplayResult;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "registry", mixinStandardHelpOptions = true,
    description = "The MLflow model registry: contract check against any MLflow server, and the local MLflow-compatible server.",
    subcommands = {RegistryCommand.ContractCheck.class, RegistryCommand.Serve.class})
final class RegistryCommand {
  @ParentCommand LakehouseCli root;

  @Command(name = "contract-check", mixinStandardHelpOptions = true,
      description = {"Replay the 175 recorded MLflow 2.7.1 REST exchanges against a server and compare the answers.",
          "Prints one JSON object with `exchanges` and `matched` as its last line; exit code 1 when any differs."})
  static final class ContractCheck implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "Base URL of the MLflow server, e.g. http://127.0.0.1:5000")
    String url;

    @Override
    public Integer call() {
      if (!url.matches("https?://[^\\s/]+.*")) {
        throw new LakehouseException("Invalid --url '" + url + "'", "it must be the http(s) base URL of an MLflow server",
            "write e.g. --url http://127.0.0.1:5000");
      }
      ReplayResult r = new ContractReplayer(URI.create(url.replaceAll("/+$", ""))).replay();
      PrintWriter out = spec.commandLine().getOut();
      r.mismatches().forEach(m -> spec.commandLine().getErr().println("mismatch: " + m));
      out.println(r.toJson());
      return r.allMatched() ? 0 : 1;
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Run the platform's MLflow-compatible tracking/registry/artifact server on 127.0.0.1 until Ctrl-C.")
  static final class Serve implements Callable<Integer> {
    @ParentCommand RegistryCommand registry;

    @Option(names = "--port", defaultValue = "15000", description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
      Path data = registry.root.config().get(PlatformKeys.WORK_DIR).toAbsolutePath().resolve("services/mlflow");
      MlflowCompatibleServer server = new MlflowCompatibleServer().start("127.0.0.1", port, data);
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.stop();
        stop.countDown();
      }));
      System.out.println("MLflow-compatible server at " + server.uri() + " (data in " + data + "). Ctrl-C stops it.");
      stop.await();
      return 0;
    }
  }
}
