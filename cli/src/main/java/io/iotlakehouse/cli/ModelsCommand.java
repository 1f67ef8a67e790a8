package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.registry.SelfTest;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.mlflow.MlflowTracker;
import io.iotlakehouse.training.promotion.PromotionGate;
import io.iotlakehouse.training.promotion.Promoter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Registered models: promotion to champion (gate or override) and a registry self-test.",
    subcommands = {ModelsCommand.Promote.class, ModelsCommand.Selftest.class})
final class ModelsCommand {
  @ParentCommand LakehouseCli root;

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = {"Make a version the champion: through the promotion gate (it must beat the champion on the same "
          + "holdout by ml.gate.margin, load in the edge's scorer, and stay within ml.gate.max-model-bytes and "
          + "ml.gate.max-score-us), or with --override and a --reason. The decision and its reason are recorded as "
          + "tags on the version.", "Prints one JSON object (model, version, decision, reason, previous_champion) as "
          + "its last line; exit code 1 when the gate rejects."})
  static final class Promote implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "Registered model name, e.g. turbofan-rul.")
    String model;

    @Option(names = "--version", required = true, description = "Version to promote, e.g. the challenger's.")
    String version;

    @Option(names = "--override", description = "Skip the gate (requires --reason).")
    boolean override;

    @Option(names = "--reason", description = "Why (required with --override; recorded on the version).")
    String reason;

    @Override
    public Integer call() throws Exception {
      Config config = models.root.config();
      PrintWriter err = spec.commandLine().getErr();
      Path work = Files.createTempDirectory("lakehouse-promote");
      try (MlflowServer mlflow = MlflowServer.of(config, err);
          MlflowTracker tracker = new MlflowTracker(mlflow.uri);
          MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.uri)) {
        Promoter promoter = new Promoter(registry, tracker, work, Clock.systemUTC());
        Promoter.Outcome o = override
            ? promoter.override(model, version, reason)
            : promoter.gate(model, version, PromotionGate.Policy.from(config));
        spec.commandLine().getOut().println(o.toJson());
        return o.decision().equals("rejected") ? 1 : 0;
      }
    }
  }

  @Command(name = "selftest", mixinStandardHelpOptions = true,
      description = {"Run the platform's own registry code against the MLflow server of mlflow.tracking-uri (any "
          + "MLflow 2.x started with --serve-artifacts), or the local compatible server when it is empty: experiment, "
          + "run, artifact upload, register (twice, idempotent), alias, lookup by alias, download and verify, alias "
          + "removal.", "Prints one JSON object with `ok` and the steps done as its last line; exit code 1 on failure."})
  static final class Selftest implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec CommandSpec spec;

    @Option(names = "--model", defaultValue = "lakehouse-selftest",
        description = "Registered model the test writes to (default ${DEFAULT-VALUE}).")
    String model;

    @Override
    public Integer call() throws Exception {
      Config config = models.root.config();
      Path work = Files.createTempDirectory("lakehouse-selftest");
      try (MlflowServer mlflow = MlflowServer.of(config, spec.commandLine().getErr());
          MlflowTracker tracker = new MlflowTracker(mlflow.uri);
          MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.uri)) {
        SelfTest.Result r = new SelfTest(tracker, registry, work).run(model);
        spec.commandLine().getOut().println(r.toJson());
        return r.ok() ? 0 : 1;
      }
    }
  }
}
