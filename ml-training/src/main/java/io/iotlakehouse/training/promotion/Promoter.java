package io.iotlakehouse.training.promotion;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.registry.ExperimentTracker;
import io.iotlakehouse.registry.ExperimentTracker.TrackedRun;
import io.iotlakehouse.registry.ModelRegistry;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.RegistryException;
import io.iotlakehouse.training.edge.EdgeScorer;
import io.iotlakehouse.training.edge.ModelBundle;
import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.retrain.RetrainJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Moves the {@code champion} alias, through the {@link PromotionGate} or by a manual override with a reason. Every
 * decision is recorded on the version as tags ({@link #DECISION_TAG}, {@link #REASON_TAG}, {@link #TIME_TAG}); a
 * replaced champion gets {@link #REPLACED_BY_TAG}. Works against any MLflow server through the registry and tracker
 * ports.
 */
public final class Promoter {
  public static final String CHAMPION = RetrainJob.CHAMPION;
  public static final String DECISION_TAG = "lakehouse.gate.decision";
  public static final String REASON_TAG = "lakehouse.gate.reason";
  public static final String TIME_TAG = "lakehouse.gate.time";
  public static final String REPLACED_BY_TAG = "lakehouse.gate.replaced_by";

  /** What happened: {@code decision} is promoted, rejected, override or unchanged (already champion). */
  public record Outcome(String model, String version, String decision, String reason, String previousChampion) {
    public String toJson() {
      return "{\"model\":" + json(model) + ",\"version\":" + json(version) + ",\"decision\":" + json(decision)
          + ",\"reason\":" + json(reason) + ",\"previous_champion\":" + json(previousChampion) + "}";
    }

    private static String json(String s) {
      return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }

  private final ModelRegistry registry;
  private final ExperimentTracker tracker;
  private final Path work;
  private final Clock clock;

  /** @param work folder for downloaded versions (the gate loads them with the edge's scorer) */
  public Promoter(ModelRegistry registry, ExperimentTracker tracker, Path work, Clock clock) {
    this.registry = registry;
    this.tracker = tracker;
    this.work = work;
    this.clock = clock;
  }

  /** Runs the gate on {@code version} of {@code model} and moves {@code champion} to it if it passes. */
  public Outcome gate(String model, String version, PromotionGate.Policy policy) {
    RegisteredVersion candidate = registry.version(model, version);
    Optional<RegisteredVersion> champion = champion(model);
    if (champion.isPresent() && champion.get().version().equals(version)) {
      return new Outcome(model, version, "unchanged", "version " + version + " is already the champion", version);
    }
    String runId = candidate.trainingRunId().orElse(candidate.runId());
    if (runId == null || runId.isBlank()) {
      throw new LakehouseException("Version " + version + " of " + model + " has no training run (tag "
          + ModelRegistry.TRAINING_RUN_TAG + ")", "the gate compares the holdout metrics its training run logged",
          "register it through the retrain job, or promote it with --override --reason");
    }
    TrackedRun run = tracker.run(runId);
    boolean regression = run.metrics().containsKey("holdout_rmse");
    String metric = regression ? "holdout_rmse" : "holdout_auc";
    String scoredChampion = run.tags().get(RetrainJob.CHAMPION_VERSION_TAG);
    Double championValue = champion.isPresent() ? run.metrics().get("champion_" + metric) : null;
    boolean changed = champion.isPresent() && !champion.get().version().equals(scoredChampion);

    Path dir = registry.downloadArtifacts(candidate, work.resolve(model + "-" + version));
    PromotionGate.Evidence evidence;
    try {
      EdgeCheck check = EdgeCheck.of(dir);
      evidence = new PromotionGate.Evidence(metric, regression, run.metrics().get(metric), championValue, changed,
          bytes(dir), check.error(), check.scoreMicros());
    } finally {
      deleteTree(dir);
    }
    PromotionGate.Decision d = PromotionGate.decide(evidence, policy);
    String reason = d.summary(evidence);
    record(model, version, d.promote() ? "promoted" : "rejected", reason);
    if (d.promote()) moveChampion(model, version, champion);
    return new Outcome(model, version, d.promote() ? "promoted" : "rejected", reason,
        champion.map(RegisteredVersion::version).orElse(null));
  }

  /** Makes {@code version} the champion without the gate; {@code reason} is required and recorded. */
  public Outcome override(String model, String version, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new LakehouseException("A manual promotion needs a reason", "it is recorded on the version as " + REASON_TAG
          + " for whoever audits the champion later", "add --reason \"...\"");
    }
    registry.version(model, version); // fails clearly on an unknown model or version
    Optional<RegisteredVersion> champion = champion(model);
    record(model, version, "override", reason);
    moveChampion(model, version, champion);
    return new Outcome(model, version, "override", reason, champion.map(RegisteredVersion::version).orElse(null));
  }

  private void record(String model, String version, String decision, String reason) {
    registry.setTag(model, version, DECISION_TAG, decision);
    registry.setTag(model, version, REASON_TAG, reason);
    registry.setTag(model, version, TIME_TAG, clock.instant().toString());
  }

  private void moveChampion(String model, String version, Optional<RegisteredVersion> previous) {
    registry.setAlias(model, CHAMPION, version);
    previous.ifPresent(p -> registry.setTag(model, p.version(), REPLACED_BY_TAG, version));
  }

  private Optional<RegisteredVersion> champion(String model) {
    try {
      return Optional.of(registry.getByAlias(model, CHAMPION));
    } catch (RegistryException e) {
      if (e.reason() == RegistryException.Reason.ALIAS_NOT_FOUND) return Optional.empty();
      throw e;
    }
  }

  /** Loads a version with the edge's own scorer and times it on a synthetic engine. */
  record EdgeCheck(String error, double scoreMicros) {
    private static final int ROUNDS = 200;

    static EdgeCheck of(Path dir) {
      try (EdgeScorer scorer = Files.exists(dir.resolve(ModelBundle.RUL_MODEL))
          ? EdgeScorer.loadBundle(dir)
          // a classifier-only version: its booster and spec, timed the same way
          : EdgeScorer.load(dir.resolve(ModelBundle.FAILURE_MODEL), dir.resolve(ModelBundle.FEATURE_SPEC))) {
        List<CycleRecord> engine = syntheticEngine(scorer.historyLength());
        scorer.score(engine); // warm-up
        long t0 = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) scorer.score(engine);
        return new EdgeCheck(null, (System.nanoTime() - t0) / 1e3 / ROUNDS);
      } catch (IOException | RuntimeException e) {
        return new EdgeCheck(e.getClass().getSimpleName() + ": " + e.getMessage(), Double.NaN);
      }
    }

    /** An engine drifting slowly around FD001's sea-level operating point. */
    private static List<CycleRecord> syntheticEngine(int cycles) {
      List<CycleRecord> out = new ArrayList<>();
      for (int c = 1; c <= Math.max(cycles, 1); c++) {
        double[] sensors = new double[21];
        for (int s = 0; s < sensors.length; s++) sensors[s] = 100 + s * 10 + c * 0.01 * (s % 3);
        out.add(new CycleRecord(1, c, new double[] {0.0, 0.0, 100.0}, sensors));
      }
      return out;
    }
  }

  private static long bytes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover download is harmless
    }
  }
}
