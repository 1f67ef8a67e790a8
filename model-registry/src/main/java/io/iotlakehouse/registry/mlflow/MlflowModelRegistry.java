package io.iotlakehouse.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.registry.ModelRegistry;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.RegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.ModelVersionsPage;

/**
 * {@link ModelRegistry} on any MLflow 2.x server (real, or this module's MlflowCompatibleServer), built on the
 * MLflow Java client: {@link MlflowClient} for reads, its {@code sendPost}/{@code sendGet} for writes, plain
 * HTTP for DELETE-with-body and for the artifact proxy. Every call is retried with exponential backoff on
 * connection errors and 5xx/429 replies (see {@link RetryPolicy}).
 */
public final class MlflowModelRegistry implements ModelRegistry {
  /** Configuration key of the tracking server URL, e.g. {@code http://127.0.0.1:5000}. */
  public static final String TRACKING_URI = "mlflow.tracking-uri";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MlflowModelRegistry.class);
  private static final int PAGE_SIZE = 1000;

  private final MlflowConnection connection;
  private final MlflowClient client;
  private final RawHttp http;

  public MlflowModelRegistry(URI trackingUri) {
    this(trackingUri, RetryPolicy.defaults());
  }

  public MlflowModelRegistry(URI trackingUri, RetryPolicy retryPolicy) {
    this.connection = new MlflowConnection(trackingUri, retryPolicy);
    this.client = connection.client();
    this.http = connection.http();
  }

  @Override
  public RegisteredVersion registerVersion(String modelName, String runId, String artifactUri,
      Map<String, String> tags) {
    requireText(modelName, "model name");
    requireText(runId, "training run id");
    requireText(artifactUri, "artifact URI");
    if (artifactUri.startsWith("runs:/")) {
      throw RegistryException.invalidArgument("Cannot register '" + artifactUri + "': runs:/ URIs cannot be "
          + "downloaded through the artifact proxy", "Register the run's resolved artifact_uri + \"/model\" instead "
          + "(e.g. mlflow-artifacts:/1/<run id>/artifacts/model)");
    }
    String action = "register run " + runId + " as a version of model '" + modelName + "'";
    return call(action, () -> {
      ensureModel(modelName);
      // Look up before creating: a retried or repeated registration must not create a second version.
      Optional<RegisteredVersion> existing = findByTrainingRun(modelName, runId);
      if (existing.isPresent()) {
        return existing.get();
      }
      ObjectNode body = MAPPER.createObjectNode().put("name", modelName).put("source", artifactUri)
          .put("run_id", runId);
      ArrayNode tagList = body.putArray("tags");
      tags.forEach((k, v) -> {
        if (!TRAINING_RUN_TAG.equals(k)) {
          tagList.addObject().put("key", k).put("value", v);
        }
      });
      tagList.addObject().put("key", TRAINING_RUN_TAG).put("value", runId);
      return Versions.from(json(client.sendPost("model-versions/create", body.toString())).path("model_version"));
    }, e -> e.notFound() ? RegistryException.modelNotFound(modelName, e.serverMessage()) : null);
  }

  @Override
  public RegisteredVersion version(String modelName, String version) {
    return call("read version " + version + " of model '" + modelName + "'",
        () -> Versions.from(client.getModelVersion(modelName, version)), e -> notFound(e, modelName, version));
  }

  @Override
  public void setAlias(String modelName, String alias, String version) {
    requireText(alias, "alias");
    ObjectNode body = MAPPER.createObjectNode().put("name", modelName).put("alias", alias).put("version", version);
    call("point alias '" + alias + "' of model '" + modelName + "' at version " + version,
        () -> client.sendPost("registered-models/alias", body.toString()), e -> notFound(e, modelName, version));
  }

  @Override
  public RegisteredVersion getByAlias(String modelName, String alias) {
    String query = "registered-models/alias?name=" + encode(modelName) + "&alias=" + encode(alias);
    return call("read alias '" + alias + "' of model '" + modelName + "'",
        () -> Versions.from(json(client.sendGet(query)).path("model_version")), e -> {
          if (!e.notFound() && !"INVALID_PARAMETER_VALUE".equals(e.errorCode())) {
            return null;
          }
          // MLflow 2.7 answers 400 for a missing alias and 404 for a missing model; newer versions may differ,
          // so ask whether the model exists.
          return modelExists(modelName) ? RegistryException.aliasNotFound(modelName, alias, e.serverMessage())
              : RegistryException.modelNotFound(modelName, e.serverMessage());
        });
  }

  @Override
  public void deleteAlias(String modelName, String alias) {
    ObjectNode body = MAPPER.createObjectNode().put("name", modelName).put("alias", alias);
    call("delete alias '" + alias + "' of model '" + modelName + "'",
        () -> http.deleteJson("registered-models/alias", body.toString()),
        e -> e.notFound() ? RegistryException.modelNotFound(modelName, e.serverMessage()) : null);
  }

  @Override
  public void setTag(String modelName, String version, String key, String value) {
    requireText(key, "tag key");
    ObjectNode body = MAPPER.createObjectNode().put("name", modelName).put("version", version).put("key", key)
        .put("value", value);
    call("tag version " + version + " of model '" + modelName + "'",
        () -> client.sendPost("model-versions/set-tag", body.toString()), e -> notFound(e, modelName, version));
  }

  @Override
  public List<RegisteredVersion> searchVersions(String filter) {
    return call("search model versions with filter \"" + filter + "\"", () -> search(filter), e -> null);
  }

  @Override
  public Path downloadArtifacts(RegisteredVersion version, Path targetDir) {
    String root = proxyPath(version);
    try {
      Files.createDirectories(targetDir);
    } catch (IOException e) {
      throw RegistryException.localFailure("create " + targetDir, e);
    }
    int files = downloadTree(version, root, targetDir);
    if (files == 0) {
      throw RegistryException.notDownloadable(version.modelName(), version.version(), version.source(),
          "the artifact proxy lists no files under '" + root + "'");
    }
    return targetDir;
  }

  @Override
  public void close() {
    connection.close();
  }

  // ------------------------------------------------------------------ internals

  private int downloadTree(RegisteredVersion version, String remote, Path local) {
    JsonNode listing = call("list artifacts under '" + remote + "'", () -> http.listArtifacts(remote), e -> null);
    JsonNode files = listing.path("files");
    if (files.isEmpty()) {
      return 0;
    }
    int count = 0;
    for (JsonNode file : files) {
      String name = file.path("path").asText();
      if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
        throw RegistryException.notDownloadable(version.modelName(), version.version(), version.source(),
            "the artifact proxy listed an unsafe file name '" + name + "'");
      }
      String child = remote + "/" + name;
      Path target = local.resolve(name);
      if (file.path("is_dir").asBoolean()) {
        count += downloadTree(version, child, target);
      } else {
        call("download artifact '" + child + "'", () -> {
          http.download(child, target);
          return null;
        }, e -> null);
        count++;
      }
    }
    return count;
  }

  /** The artifact-proxy path of a version's source ({@code runs:/} sources are resolved through the run). */
  private String proxyPath(RegisteredVersion version) {
    String source = version.source();
    if (source.startsWith("runs:/")) {
      String rest = source.substring("runs:/".length());
      int slash = rest.indexOf('/');
      String runId = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash + 1);
      String artifactUri = call("read run " + runId, () -> client.getRun(runId).getInfo().getArtifactUri(),
          e -> null);
      source = path.isEmpty() ? artifactUri : artifactUri + "/" + path;
    }
    if (!source.startsWith("mlflow-artifacts:")) {
      throw RegistryException.notDownloadable(version.modelName(), version.version(), version.source(),
          "only mlflow-artifacts: URIs are served by the MLflow artifact proxy");
    }
    return RawHttp.proxyPath(source);
  }

  private void ensureModel(String modelName) {
    if (modelExists(modelName)) {
      return;
    }
    try {
      client.sendPost("registered-models/create", MAPPER.createObjectNode().put("name", modelName).toString());
    } catch (MlflowClientException e) {
      ServerError error = ServerError.from(e);
      if (error == null || !"RESOURCE_ALREADY_EXISTS".equals(error.errorCode())) {
        throw e;
      }
    }
  }

  private boolean modelExists(String modelName) {
    try {
      client.getRegisteredModel(modelName);
      return true;
    } catch (MlflowClientException e) {
      ServerError error = ServerError.from(e);
      if (error != null && error.notFound()) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The version registered for a training run. The MLflow client itself re-sends a failed POST up to three
   * times, so a duplicate can exist after a server error; the oldest version is then the registered one.
   */
  private Optional<RegisteredVersion> findByTrainingRun(String modelName, String runId) {
    List<RegisteredVersion> matches = search(nameFilter(modelName)).stream()
        .filter(v -> runId.equals(v.tags().get(TRAINING_RUN_TAG)))
        .sorted(java.util.Comparator.comparingLong(v -> Long.parseLong(v.version())))
        .toList();
    if (matches.size() > 1) {
      LOG.warn("Model '{}' has {} versions tagged {}={} (a retried registration); using version {}", modelName,
          matches.size(), TRAINING_RUN_TAG, runId, matches.get(0).version());
    }
    return matches.stream().findFirst();
  }

  private List<RegisteredVersion> search(String filter) {
    List<RegisteredVersion> found = new ArrayList<>();
    String token = null;
    do {
      ModelVersionsPage page = client.searchModelVersions(filter, PAGE_SIZE, List.of(), token);
      for (ModelVersion v : page.getItems()) {
        found.add(Versions.from(v));
      }
      token = page.getNextPageToken().orElse(null);
    } while (token != null);
    return found;
  }

  private static String nameFilter(String modelName) {
    return modelName.contains("'") ? "name = \"" + modelName + "\"" : "name = '" + modelName + "'";
  }

  private static RegistryException notFound(ServerError e, String modelName, String version) {
    if (!e.notFound()) {
      return null;
    }
    // MLflow words them "Model Version (name=m, version=7) not found" and "Registered Model with name=m not found".
    return e.serverMessage().contains("Model Version")
        ? RegistryException.versionNotFound(modelName, version, e.serverMessage())
        : RegistryException.modelNotFound(modelName, e.serverMessage());
  }

  private <T> T call(String action, Retrier.Call<T> call, MlflowConnection.Translation translation) {
    return connection.call(action, call, translation);
  }

  private static JsonNode json(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw RegistryException.invalidArgument("The " + what + " is missing", "Pass a non-empty " + what);
    }
  }
}
