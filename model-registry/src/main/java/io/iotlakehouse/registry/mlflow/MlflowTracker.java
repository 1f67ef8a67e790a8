package io.iotlakehouse.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotlakehouse.registry.ExperimentTracker;
import io.iotlakehouse.registry.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.RunsPage;

/**
 * {@link ExperimentTracker} on any MLflow 2.x server (real, or this module's MlflowCompatibleServer): the MLflow Java
 * client for experiments, runs, {@code runs/log-batch} and {@code metrics/get-history}; plain HTTP to the artifact
 * proxy for files. Calls are retried like {@link MlflowModelRegistry}'s (see {@link RetryPolicy}).
 */
public final class MlflowTracker implements ExperimentTracker {
  /** MLflow's per-call limits of {@code runs/log-batch}. */
  static final int MAX_METRICS_PER_BATCH = 1000;
  static final int MAX_PARAMS_OR_TAGS_PER_BATCH = 100;
  private static final int PAGE_SIZE = 1000;

  private final MlflowConnection connection;
  private final MlflowClient client;
  private final RawHttp http;

  public MlflowTracker(URI trackingUri) {
    this(trackingUri, RetryPolicy.defaults());
  }

  public MlflowTracker(URI trackingUri, RetryPolicy retryPolicy) {
    this.connection = new MlflowConnection(trackingUri, retryPolicy);
    this.client = connection.client();
    this.http = connection.http();
  }

  @Override
  public String experiment(String name) {
    // experiments/search, not get-by-name: the MLflow client re-sends every 404 (three requests and warnings)
    String filter = name.contains("'") ? "name = \"" + name + "\"" : "name = '" + name + "'";
    return connection.call("find or create experiment '" + name + "'", () -> {
      var found = client.searchExperiments(filter).getItems();
      if (!found.isEmpty()) {
        return found.get(0).getExperimentId();
      }
      return client.createExperiment(name);
    }, e -> null);
  }

  @Override
  public List<TrackedRun> findRuns(String experimentId, String tagKey, String tagValue) {
    String filter = "tags.`" + tagKey + "` = '" + tagValue.replace("'", "\\'") + "'";
    return connection.call("search runs of experiment " + experimentId + " with " + filter, () -> {
      List<TrackedRun> found = new ArrayList<>();
      String token = null;
      do {
        RunsPage page = client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, PAGE_SIZE,
            List.of("attributes.start_time ASC"), token);
        for (Run r : page.getItems()) {
          found.add(view(r));
        }
        token = page.getNextPageToken().orElse(null);
      } while (token != null);
      return found;
    }, e -> null);
  }

  @Override
  public TrackedRun startRun(String experimentId, String runName, Map<String, String> tags) {
    CreateRun.Builder request = CreateRun.newBuilder().setExperimentId(experimentId).setRunName(runName)
        .setStartTime(System.currentTimeMillis());
    tags.forEach((k, v) -> request.addTags(RunTag.newBuilder().setKey(k).setValue(v)));
    return connection.call("start run '" + runName + "' in experiment " + experimentId,
        () -> run(client.createRun(request.build()).getRunId()), e -> null);
  }

  @Override
  public TrackedRun run(String runId) {
    return connection.call("read run " + runId, () -> view(client.getRun(runId)), e -> null);
  }

  @Override
  public void log(String runId, Map<String, String> params, List<MetricPoint> metrics, Map<String, String> tags) {
    long now = System.currentTimeMillis();
    List<Param> p = params.entrySet().stream()
        .map(e -> Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
    List<RunTag> t = tags.entrySet().stream()
        .map(e -> RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
    List<Metric> m = metrics.stream().map(x -> Metric.newBuilder().setKey(x.key()).setValue(x.value())
        .setStep(x.step()).setTimestamp(now).build()).toList();
    for (List<Param> chunk : chunks(p, MAX_PARAMS_OR_TAGS_PER_BATCH)) {
      logBatch(runId, List.of(), chunk, List.of());
    }
    for (List<RunTag> chunk : chunks(t, MAX_PARAMS_OR_TAGS_PER_BATCH)) {
      logBatch(runId, List.of(), List.of(), chunk);
    }
    for (List<Metric> chunk : chunks(m, MAX_METRICS_PER_BATCH)) {
      logBatch(runId, chunk, List.of(), List.of());
    }
  }

  @Override
  public List<MetricPoint> metricHistory(String runId, String key) {
    return connection.call("read the history of metric '" + key + "' of run " + runId, () ->
        client.getMetricHistory(runId, key).stream()
            .map(x -> new MetricPoint(x.getKey(), x.getValue(), x.getStep()))
            .sorted(Comparator.comparingLong(MetricPoint::step))
            .toList(), e -> null);
  }

  @Override
  public void uploadArtifact(TrackedRun run, String artifactPath, Path file) {
    String remote = artifactRoot(run) + "/" + artifactPath.replaceAll("^/+", "");
    connection.call("upload " + file + " as artifact '" + artifactPath + "' of run " + run.runId(), () -> {
      http.upload(remote, file);
      return null;
    }, e -> null);
  }

  @Override
  public void uploadArtifacts(TrackedRun run, String artifactPath, Path dir) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw RegistryException.localFailure("list the files under " + dir, new UncheckedIOException(e));
    }
    String prefix = artifactPath.replaceAll("/+$", "");
    for (Path f : files) {
      String relative = dir.relativize(f).toString().replace('\\', '/');
      uploadArtifact(run, prefix.isEmpty() ? relative : prefix + "/" + relative, f);
    }
  }

  @Override
  public List<String> listArtifacts(TrackedRun run) {
    String root = artifactRoot(run);
    List<String> out = new ArrayList<>();
    listTree(root, "", out);
    return out;
  }

  @Override
  public void endRun(String runId, String status) {
    RunStatus s = RunStatus.valueOf(status);
    connection.call("end run " + runId + " as " + status, () -> {
      client.setTerminated(runId, s, System.currentTimeMillis());
      return null;
    }, e -> null);
  }

  @Override
  public void close() {
    connection.close();
  }

  // ------------------------------------------------------------------ internals

  private void listTree(String root, String relative, List<String> out) {
    String remote = relative.isEmpty() ? root : root + "/" + relative;
    JsonNode listing = connection.call("list artifacts under '" + remote + "'", () -> http.listArtifacts(remote),
        e -> null);
    for (JsonNode file : listing.path("files")) {
      String name = file.path("path").asText();
      String child = relative.isEmpty() ? name : relative + "/" + name;
      if (file.path("is_dir").asBoolean()) {
        listTree(root, child, out);
      } else {
        out.add(child);
      }
    }
  }

  private String artifactRoot(TrackedRun run) {
    if (!run.artifactUri().startsWith("mlflow-artifacts:")) {
      throw RegistryException.invalidArgument("Run " + run.runId() + " stores artifacts at '" + run.artifactUri()
          + "', which the MLflow artifact proxy does not serve", "Start the MLflow server with --serve-artifacts "
          + "(the default since MLflow 2.0) and without a --default-artifact-root outside the proxy, so new "
          + "experiments get mlflow-artifacts: locations");
    }
    return RawHttp.proxyPath(run.artifactUri());
  }

  private void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    connection.call("log " + metrics.size() + " metrics, " + params.size() + " params and " + tags.size()
        + " tags to run " + runId, () -> {
          client.logBatch(runId, metrics, params, tags);
          return null;
        }, e -> null);
  }

  private static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return out;
  }

  private static TrackedRun view(Run r) {
    Map<String, String> params = new HashMap<>();
    r.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
    Map<String, String> tags = new HashMap<>();
    r.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
    Map<String, Double> metrics = new HashMap<>();
    r.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
    return new TrackedRun(r.getInfo().getRunId(), r.getInfo().getExperimentId(), r.getInfo().getRunName(),
        r.getInfo().getStatus().name(), r.getInfo().getArtifactUri(), params, tags, metrics);
  }
}
