package io.iotlakehouse.cli;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.training.cmapss.CmapssEvaluation;
import io.iotlakehouse.training.cmapss.EvaluationOptions;
import io.iotlakehouse.training.cmapss.EvaluationResult;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.training.TrainingKeys;
import io.iotlakehouse.training.retrain.RetrainJob;
import io.iotlakehouse.training.retrain.RetrainResult;
import io.iotlakehouse.training.retrain.RetrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ml", mixinStandardHelpOptions = true, description = "Predictive-maintenance models.",
    subcommands = {MlCommand.CmapssEval.class, MlCommand.Retrain.class})
final class MlCommand {
  @ParentCommand LakehouseCli root;

  @Command(name = "cmapss-eval", mixinStandardHelpOptions = true,
      description = {"Train on a C-MAPSS training file (cross-validation by engine unit for tuning) and evaluate on the "
          + "last cycle of each test engine, as in the published FD001 results.",
          "Prints one JSON object with rmse, phm_score and units as its last line."})
  static final class CmapssEval implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "train_FD00x.txt")
    Path train;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "test_FD00x.txt")
    Path test;

    @Option(names = "--rul", required = true, paramLabel = "FILE", description = "RUL_FD00x.txt (true remaining life per test engine)")
    Path rul;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model-dir", paramLabel = "DIR",
        description = "Also write the final models and feature spec there (the input of `lakehouse models bundle --model-dir`).")
    Path modelDir;

    @Override
    public Integer call() throws Exception {
      for (Path p : new Path[] {train, test, rul}) {
        if (!Files.isReadable(p)) {
          throw new LakehouseException("Cannot read '" + p + "'", Files.exists(p) ? "it is not readable" : "no such file",
              "pass the C-MAPSS files, e.g. --train train_FD001.txt --test test_FD001.txt --rul RUL_FD001.txt");
        }
      }
      EvaluationResult r = CmapssEvaluation.run(train, test, rul, EvaluationOptions.defaults().withSeed(seed).withModelDir(modelDir));
      spec.commandLine().getOut().println(r.toJson());
      return 0;
    }
  }

  @Command(name = "retrain", mixinStandardHelpOptions = true,
      description = {"The monthly predictive-maintenance retrain: gold turbofan_health pinned to a Delta version -> "
          + "features -> XGBoost RUL regressor and failure classifier (Spark) -> holdout vs champion -> MLflow "
          + "(runs, metrics, artifacts) -> versions with alias 'challenger'. Rerunning a month creates nothing new.",
          "Uses mlflow.tracking-uri, or the local MLflow-compatible server under the work dir when it is empty.",
          "Prints one JSON object (runs, versions, holdout metrics) as its last line."})
  static final class Retrain implements Callable<Integer> {
    @ParentCommand MlCommand ml;
    @Spec CommandSpec spec;

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM",
        description = "Month to train for: the gold table as it was at the end of that month (UTC).")
    String month;

    @Option(names = "--gold-version", paramLabel = "N", description = "Pin this Delta version of the gold table instead.")
    Long goldVersion;

    @Override
    public Integer call() throws Exception {
      Config config = ml.root.config();
      String gold = config.get(TrainingKeys.GOLD_TABLE);
      if (gold.isBlank()) {
        gold = GoldTables.in(Lake.from(config)).turbofanHealth();
      }
      RetrainSettings settings = RetrainSettings.from(config, gold);
      var yearMonth = RetrainJob.parseMonth(month);
      try (MlflowServer mlflow = MlflowServer.of(config, spec.commandLine().getErr())) {
        var spark = SparkSessions.create("lakehouse-ml-retrain", config.get(StreamingKeys.SPARK_MASTER));
        RetrainResult r = RetrainJob.run(spark, settings, mlflow.uri, config, yearMonth, goldVersion,
            spec.commandLine().getErr()::println);
        spec.commandLine().getOut().println(r.toJson());
        return 0;
      }
    }
  }
}
