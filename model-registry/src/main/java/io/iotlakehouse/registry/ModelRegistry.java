package io.iotlakehouse.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The model registry as the platform uses it: training registers versions (idempotently, keyed by the training
 * run), promotion moves aliases ({@code champion}, {@code challenger}), and edge rollout downloads a version's
 * files. Stages are deprecated upstream, so this port only speaks aliases and tags.
 *
 * <p>Every failure is a {@link RegistryException} whose message says what failed, why and how to fix it.
 */
public interface ModelRegistry extends AutoCloseable {
  /** Tag put on every version registered through this port; it makes {@link #registerVersion} idempotent. */
  String TRAINING_RUN_TAG = "lakehouse.training_run_id";

  /**
   * Registers {@code artifactUri} (a run's resolved artifact URI + "/model", not a {@code runs:/} URI) as a new
   * version of {@code modelName}, creating the model if needed. If a version tagged with this training run
   * already exists it is returned instead, so retries and re-runs never create a second version.
   */
  RegisteredVersion registerVersion(String modelName, String runId, String artifactUri, Map<String, String> tags);

  /** One version, with its tags and aliases. */
  RegisteredVersion version(String modelName, String version);

  /** Points {@code alias} at {@code version}, moving it if it pointed elsewhere. */
  void setAlias(String modelName, String alias, String version);

  /** The version an alias points to. */
  RegisteredVersion getByAlias(String modelName, String alias);

  /** Removes an alias; removing an alias that does not exist is not an error. */
  void deleteAlias(String modelName, String alias);

  /** Sets (or overwrites) a tag on a version. */
  void setTag(String modelName, String version, String key, String value);

  /** Versions matching an MLflow model-version filter such as {@code name = 'm'} or {@code run_id = '...'}. */
  List<RegisteredVersion> searchVersions(String filter);

  /**
   * Downloads every file of a version into {@code targetDir} (created if needed) through the MLflow artifact
   * proxy REST API, and returns {@code targetDir}. No Python is involved.
   */
  Path downloadArtifacts(RegisteredVersion version, Path targetDir);

  @Override
  void close();
}
