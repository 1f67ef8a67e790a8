package io.iotlakehouse.cli;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.training.cmapss.CmapssEvaluation;
import io.iotlakehouse.training.cmapss.EvaluationOptions;
import io.iotlakehouse.training.cmapss.EvaluationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ml", mixinStandardHelpOptions = true, description = "Predictive-maintenance models.",
    subcommands = {MlCommand.CmapssEval.class})
final class MlCommand {

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
}
