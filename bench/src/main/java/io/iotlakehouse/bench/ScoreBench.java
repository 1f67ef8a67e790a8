package io.iotlakehouse.bench;

import io.iotlakehouse.common.bundle.SigningKeys;
import io.iotlakehouse.edge.inference.ModelKind;
import io.iotlakehouse.simulators.TurbofanReplay;
import io.iotlakehouse.training.cmapss.CmapssEvaluation;
import io.iotlakehouse.training.cmapss.EvaluationOptions;
import io.iotlakehouse.training.cmapss.SyntheticSplit;
import io.iotlakehouse.training.model.TruncationPolicy;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Prepares signed bundles as users do (the turbofan model trained by the `ml cmapss-eval --model-dir` code path on
 * C-MAPSS FD001, a z-score rule) and runs {@link ScoreBenchmark} through JMH's Runner API in a forked JVM (3 warm-up
 * and 5 measured iterations of 2 s). JMH's report goes to {@code log}.
 */
final class ScoreBench {
  /**
   * Mean microseconds per scored event (JMH, wall clock), JMH's 99.9% confidence half-width for the RUL model, and the
   * RUL model's CPU microseconds per event measured in this JVM (thread CPU time over 20,000 events after as many for
   * warm-up: what the wall-clock figure would approach on an idle core).
   */
  record Result(double rulUs, double rulErrorUs, double zscoreUs, double rulCpuUs) {}

  private ScoreBench() {}

  static Result run(Path work, PrintStream log) throws Exception {
    Path dir = work.resolve("score");
    Path train = dir.resolve("train_FD001.txt");
    Files.createDirectories(dir);
    try (InputStream in = TurbofanReplay.class.getResourceAsStream("/cmapss/train_FD001.txt")) {
      Files.copy(in, train);
    }
    log.println("score: training the turbofan model (ml cmapss-eval path, one hyper-parameter trial)...");
    SyntheticSplit.Files3 split = SyntheticSplit.write(train, dir.resolve("split"), 20, TruncationPolicy.fd001Like(), 7);
    CmapssEvaluation.run(split.train(), split.test(), split.rul(), EvaluationOptions.defaults().withMaxTrials(1)
        .withFolds(3).withCutsPerUnit(2).withCrossValidateClassifier(false).withModelDir(dir.resolve("model")), log::println);
    KeyPair key = SigningKeys.generate();
    SigningKeys.write(key, dir.resolve("keys"), "bench");
    ModelKind.XGBOOST_RUL.bundle("turbofan-rul", "1", dir.resolve("model")).write(dir.resolve("bundles/rul"), key);
    Files.writeString(dir.resolve("rules.json"), EdgeAlertBench.RULES);
    ModelKind.ZSCORE.bundle("env-zscore", "1", dir.resolve("rules.json")).write(dir.resolve("bundles/zscore"), key);

    log.println("score: JMH (forked JVM, 3 x 2 s warm-up, 5 x 2 s measured per model)...");
    Options options = new OptionsBuilder().include(ScoreBenchmark.class.getName() + "\\.")
        .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
        .measurementIterations(5).measurementTime(TimeValue.seconds(2))
        .jvmArgsAppend("-D" + ScoreBenchmark.DIR + "=" + dir.toAbsolutePath()).shouldFailOnError(true).build();
    Map<String, RunResult> byName = new HashMap<>();
    for (RunResult r : new Runner(options, OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL)).run()) {
      String label = r.getParams().getBenchmark();
      byName.put(label.substring(label.lastIndexOf('.') + 1), r);
    }
    RunResult rul = byName.get("rul");
    return new Result(rul.getPrimaryResult().getScore(), rul.getPrimaryResult().getScoreError(),
        byName.get("zscore").getPrimaryResult().getScore(), cpuMicros(dir));
  }

  private static double cpuMicros(Path dir) throws Exception {
    System.setProperty(ScoreBenchmark.DIR, dir.toAbsolutePath().toString());
    ScoreBenchmark b = new ScoreBenchmark();
    b.load();
    try {
      int n = 20_000;
      for (int i = 0; i < n; i++) b.rul();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long t0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) b.rul();
      return (threads.getCurrentThreadCpuTime() - t0) / 1e3 / n;
    } finally {
      b.close();
    }
  }
}
