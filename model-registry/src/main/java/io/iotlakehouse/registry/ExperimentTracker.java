package io.iotlakehouse.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Experiment tracking as the training jobs use it: one experiment per model, a run per training, its parameters,
 * metrics (with steps), tags, and artifact files uploaded through the MLflow artifact proxy (never a Python
 * process). Only MLflow 2.x REST endpoints are used, so any MLflow server works.
 *
 * <p>Every failure is a {@link RegistryException} whose message says what failed, why and how to fix it.
 */
public interface ExperimentTracker extends AutoCloseable {

  /** The id of the experiment called {@code name}, creating it if it does not exist. */
  String experiment(String name);

  /** Active (not deleted) runs of an experiment whose tag {@code key} equals {@code value}, oldest first. */
  List<TrackedRun> findRuns(String experimentId, String tagKey, String tagValue);

  /** Starts a run (status RUNNING) with the given name and tags. */
  TrackedRun startRun(String experimentId, String runName, Map<String, String> tags);

  /** A run with its latest metric values, parameters and tags. */
  TrackedRun run(String runId);

  /**
   * Logs parameters, metrics and tags in as few {@code runs/log-batch} calls as MLflow's per-call limits allow.
   * Logging a parameter again with the same value is harmless; MLflow refuses a different value.
   */
  void log(String runId, Map<String, String> params, List<MetricPoint> metrics, Map<String, String> tags);

  /** Every recorded value of one metric, in step order. */
  List<MetricPoint> metricHistory(String runId, String key);

  /**
   * Uploads one file as the run's artifact {@code artifactPath} (e.g. {@code model/rul-model.json}) with a PUT to the
   * artifact proxy ({@code /api/2.0/mlflow-artifacts/artifacts/...}). The run's artifact URI must be an
   * {@code mlflow-artifacts:} URI (MLflow servers started with {@code --serve-artifacts}).
   */
  void uploadArtifact(TrackedRun run, String artifactPath, Path file);

  /** Uploads every regular file under {@code dir} (recursively) below {@code artifactPath}. */
  void uploadArtifacts(TrackedRun run, String artifactPath, Path dir);

  /** Paths of the run's artifacts (files only, recursively, relative to the run's artifact root). */
  List<String> listArtifacts(TrackedRun run);

  /** Ends a run with {@code FINISHED}, {@code FAILED} or {@code KILLED}. */
  void endRun(String runId, String status);

  @Override
  void close();

  /**
   * A run as MLflow reports it.
   *
   * @param metrics the latest value of each metric
   */
  record TrackedRun(String runId, String experimentId, String runName, String status, String artifactUri,
      Map<String, String> params, Map<String, String> tags, Map<String, Double> metrics) {
    public TrackedRun {
      params = Map.copyOf(params);
      tags = Map.copyOf(tags);
      metrics = Map.copyOf(metrics);
    }
  }

  /** One metric value at a step (e.g. the boosting round). */
  record MetricPoint(String key, double value, long step) {}
}
