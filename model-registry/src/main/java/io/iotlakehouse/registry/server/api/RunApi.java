package io.iotlakehouse.registry.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.registry.server.http.HttpRequest;
import io.iotlakehouse.registry.server.http.HttpResponse;
import io.iotlakehouse.registry.server.http.Json;
import io.iotlakehouse.registry.server.http.Params;
import io.iotlakehouse.registry.server.http.Router;
import io.iotlakehouse.registry.server.search.PageToken;
import io.iotlakehouse.registry.server.store.Entities.Metric;
import io.iotlakehouse.registry.server.store.Entities.Run;
import io.iotlakehouse.registry.server.store.Entities.Tag;
import io.iotlakehouse.registry.server.store.RunStore;
import io.iotlakehouse.registry.server.store.ViewType;
import java.util.ArrayList;
import java.util.List;

/** The run endpoints: create, log, tag, update, delete/restore, search, and metric history. */
public final class RunApi {
  private final RunStore store;

  public RunApi(RunStore store) {
    this.store = store;
  }

  /** Registers every endpoint under a prefix such as {@code /api/2.0/mlflow}. */
  public void register(Router router, String prefix) {
    router.route("POST", prefix + "/runs/create", this::createRun)
        .route("GET", prefix + "/runs/get", r -> Replies.single("run",
            Views.run(store.run(runId(Params.of(r))), true)))
        .route("POST", prefix + "/runs/log-parameter", r -> {
          Params p = Params.of(r);
          String runId = runId(p);
          store.logParam(runId, new Tag(p.requiredString("key"), p.string("value", "")));
          return Replies.empty();
        })
        .route("POST", prefix + "/runs/log-metric", r -> {
          Params p = Params.of(r);
          String runId = runId(p);
          store.logMetric(runId, metric(p));
          return Replies.empty();
        })
        .route("POST", prefix + "/runs/log-batch", this::logBatch)
        .route("POST", prefix + "/runs/set-tag", r -> {
          Params p = Params.of(r);
          String runId = runId(p);
          store.setTag(runId, new Tag(p.requiredString("key"), p.string("value", "")));
          return Replies.empty();
        })
        .route("POST", prefix + "/runs/delete-tag", r -> {
          Params p = Params.of(r);
          String runId = p.requiredString("run_id");
          store.deleteTag(runId, p.requiredString("key"));
          return Replies.empty();
        })
        .route("POST", prefix + "/runs/update", r -> {
          Params p = Params.of(r);
          String runId = runId(p);
          return Replies.single("run_info", Views.runInfo(store.updateRun(runId, p.string("status"),
              p.longValue("end_time"), p.string("run_name"))));
        })
        .route("POST", prefix + "/runs/delete", r -> {
          store.deleteRun(Params.of(r).requiredString("run_id"));
          return Replies.empty();
        })
        .route("POST", prefix + "/runs/restore", r -> {
          store.restoreRun(Params.of(r).requiredString("run_id"));
          return Replies.empty();
        })
        .route("POST", prefix + "/runs/search", this::searchRuns)
        .route("GET", prefix + "/metrics/get-history", this::metricHistory);
  }

  private HttpResponse createRun(HttpRequest request) {
    Params p = Params.of(request);
    String experimentId = p.string("experiment_id", "0");
    return Replies.single("run", Views.run(store.createRun(experimentId.isEmpty() ? "0" : experimentId,
        p.string("user_id", ""), p.longValue("start_time", 0), p.string("run_name"), Replies.tags(p, "tags")), false));
  }

  private HttpResponse logBatch(HttpRequest request) {
    Params p = Params.of(request);
    String runId = runId(p);
    List<Metric> metrics = new ArrayList<>();
    for (Params m : p.objectList("metrics")) {
      metrics.add(metric(m));
    }
    store.logBatch(runId, metrics, Replies.tags(p, "params"), Replies.tags(p, "tags"));
    return Replies.empty();
  }

  private HttpResponse searchRuns(HttpRequest request) {
    Params p = Params.of(request);
    List<String> experimentIds = p.stringList("experiment_ids");
    PageToken.Paged<Run> page = store.searchRuns(experimentIds,
        p.string("filter"), ViewType.parse(p.string("run_view_type")), Replies.intValue(p, "max_results", 1000),
        p.stringList("order_by"), p.string("page_token"));
    return Replies.page("runs", page, run -> Views.run(run, true));
  }

  private HttpResponse metricHistory(HttpRequest request) {
    Params p = Params.of(request);
    String runId = runId(p);
    List<Metric> history = store.metricHistory(runId, p.requiredString("metric_key"));
    if (p.has("max_results")) {
      return Replies.page("metrics", PageToken.page(history, Replies.intValue(p, "max_results", 25000),
          p.string("page_token"), false), Views::metric);
    }
    ObjectNode node = Json.object();
    Json.putList(node, "metrics", history, Views::metric);
    return HttpResponse.ok(node);
  }

  static String runId(Params p) {
    return p.requiredStringOneOf("run_id", "run_uuid");
  }

  private static Metric metric(Params p) {
    String key = p.requiredString("key");
    double value = p.requiredDouble("value");
    long timestamp = p.requiredLong("timestamp");
    return new Metric(key, value, timestamp, p.longValue("step", 0));
  }
}
