package io.iotlakehouse.edge.rollout;

import io.iotlakehouse.common.bundle.BundleWriter;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.edge.inference.ModelKind;
import io.iotlakehouse.registry.ExperimentTracker;
import io.iotlakehouse.registry.ModelRegistry;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.training.edge.ModelBundle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns a registry version into what gateways download: the version's files (through the MLflow artifact proxy) are
 * built into a signed bundle (kind from its files: {@code rul-model.json} = xgboost-rul, {@code zscore.json} =
 * zscore), zipped, uploaded as {@code edge-bundles/<bundle id>.zip} under the version's training run, and recorded on
 * the version as tags {@code lakehouse.edge.bundle_id}, {@code _url}, {@code _sha256}, {@code _params}. A version that
 * already carries a bundle built with the same parameters is reused, so a rerun rolls out the same bytes.
 */
public final class EdgeBundles {
  public static final String BUNDLE_ID_TAG = "lakehouse.edge.bundle_id";
  public static final String BUNDLE_URL_TAG = "lakehouse.edge.bundle_url";
  public static final String BUNDLE_SHA_TAG = "lakehouse.edge.bundle_sha256";
  public static final String BUNDLE_PARAMS_TAG = "lakehouse.edge.bundle_params";

  private final ModelRegistry registry;
  private final ExperimentTracker tracker;
  private final URI trackingUri;
  private final Path work;

  public EdgeBundles(ModelRegistry registry, ExperimentTracker tracker, URI trackingUri, Path work) {
    this.registry = registry;
    this.tracker = tracker;
    this.trackingUri = trackingUri;
    this.work = work;
  }

  /** The bundle of {@code version} (built and uploaded unless the version already has one with these parameters). */
  public DesiredModel prepare(RegisteredVersion version, KeyPair key, Map<String, String> params, String rolloutId) {
    String paramText = new TreeMap<>(params).toString();
    Optional<DesiredModel> existing = recorded(version, rolloutId);
    if (existing.isPresent() && paramText.equals(version.tag(BUNDLE_PARAMS_TAG).orElse(""))) return existing.get();
    if (key == null) {
      throw new LakehouseException("Version " + version.modelName() + "@" + version.version() + " has no edge bundle yet",
          "a bundle must be built and signed before gateways can download it", "pass --key <signing key> (the "
          + "<name>.key of `lakehouse models keygen`; gateways must trust its .pub in edge.model.trusted-keys)");
    }
    try {
      Path dir = Files.createTempDirectory(Files.createDirectories(work), "bundle-");
      Path files = registry.downloadArtifacts(version, dir.resolve("files"));
      BundleWriter w = writer(version, files);
      w.registry(version.modelName(), version.version()).runId(version.runId()).createdAt(Instant.now());
      params.forEach(w::parameter);
      BundleWriter.Written written = w.write(dir.resolve("bundle"), key);
      Path zip = dir.resolve(written.id() + ".zip");
      BundleArchive.zip(written.dir(), zip);
      String sha = BundleArchive.sha256(zip);
      ExperimentTracker.TrackedRun run = tracker.run(version.runId());
      String path = "edge-bundles/" + written.id() + ".zip";
      tracker.uploadArtifact(run, path, zip);
      String url = proxyUrl(run.artifactUri(), path);
      registry.setTag(version.modelName(), version.version(), BUNDLE_ID_TAG, written.id());
      registry.setTag(version.modelName(), version.version(), BUNDLE_URL_TAG, url);
      registry.setTag(version.modelName(), version.version(), BUNDLE_SHA_TAG, sha);
      registry.setTag(version.modelName(), version.version(), BUNDLE_PARAMS_TAG, paramText);
      return new DesiredModel(version.modelName(), version.version(), written.id(), url, sha, rolloutId);
    } catch (IOException | IllegalArgumentException e) {
      throw new LakehouseException("Cannot build the edge bundle of " + version.modelName() + "@" + version.version(),
          e.getMessage(), "check that the version's files are an ml-training model folder (rul-model.json, "
          + "feature-spec.json) or a z-score rules file (zscore.json) and that the parameters are valid", e);
    }
  }

  /** The bundle recorded on a version, if any. */
  public static Optional<DesiredModel> recorded(RegisteredVersion v, String rolloutId) {
    Optional<String> id = v.tag(BUNDLE_ID_TAG);
    Optional<String> url = v.tag(BUNDLE_URL_TAG);
    Optional<String> sha = v.tag(BUNDLE_SHA_TAG);
    if (id.isEmpty() || url.isEmpty() || sha.isEmpty()) return Optional.empty();
    return Optional.of(new DesiredModel(v.modelName(), v.version(), id.get(), url.get(), sha.get(), rolloutId));
  }

  private static BundleWriter writer(RegisteredVersion v, Path files) throws IOException {
    Path rul = find(files, ModelBundle.RUL_MODEL);
    if (rul != null) return ModelKind.XGBOOST_RUL.bundle(v.modelName(), v.version(), rul.getParent());
    Path rules = find(files, ModelKind.ZSCORE_FILE);
    if (rules != null) return ModelKind.ZSCORE.bundle(v.modelName(), v.version(), rules);
    throw new IOException("the version's files (" + v.source() + ") hold neither " + ModelBundle.RUL_MODEL + " nor "
        + ModelKind.ZSCORE_FILE);
  }

  private static Path find(Path root, String fileName) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals(fileName)).sorted().findFirst().orElse(null);
    }
  }

  /** {@code mlflow-artifacts:/<exp>/<run>/artifacts} + path -> the proxy's download URL on the tracking server. */
  String proxyUrl(String artifactUri, String path) {
    if (!artifactUri.startsWith("mlflow-artifacts:")) {
      throw new IllegalArgumentException("the run stores artifacts at '" + artifactUri + "', which gateways cannot "
          + "download through the MLflow artifact proxy (start the server with --serve-artifacts)");
    }
    String root = URI.create(artifactUri).getPath().replaceAll("^/+", "").replaceAll("/+$", "");
    String base = trackingUri.toString().replaceAll("/+$", "");
    return base + "/api/2.0/mlflow-artifacts/artifacts/" + root + "/" + path;
  }
}
