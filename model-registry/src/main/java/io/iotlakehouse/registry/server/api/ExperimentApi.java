package io.iotlakehouse.registry.server.api;

import io.iotlakehouse.registry.server.http.HttpRequest;
import io.iotlakehouse.registry.server.http.HttpResponse;
import io.iotlakehouse.registry.server.http.Json;
import io.iotlakehouse.registry.server.http.Params;
import io.iotlakehouse.registry.server.http.Router;
import io.iotlakehouse.registry.server.store.Entities.Tag;
import io.iotlakehouse.registry.server.store.ExperimentStore;
import io.iotlakehouse.registry.server.store.ViewType;

/** The experiment endpoints. */
public final class ExperimentApi {
  private final ExperimentStore store;

  public ExperimentApi(ExperimentStore store) {
    this.store = store;
  }

  /** Registers every endpoint under a prefix such as {@code /api/2.0/mlflow}. */
  public void register(Router router, String prefix) {
    router.route("POST", prefix + "/experiments/create", this::createExperiment)
        .route("GET", prefix + "/experiments/get", this::getExperiment)
        .route("GET", prefix + "/experiments/get-by-name", this::getExperimentByName)
        .route("POST", prefix + "/experiments/delete", r -> {
          store.deleteExperiment(Params.of(r).requiredString("experiment_id"));
          return Replies.empty();
        })
        .route("POST", prefix + "/experiments/restore", r -> {
          store.restoreExperiment(Params.of(r).requiredString("experiment_id"));
          return Replies.empty();
        })
        .route("POST", prefix + "/experiments/update", r -> {
          Params p = Params.of(r);
          String id = p.requiredString("experiment_id");
          store.renameExperiment(id, p.requiredString("new_name"));
          return Replies.empty();
        })
        .route("POST", prefix + "/experiments/set-experiment-tag", r -> {
          Params p = Params.of(r);
          String id = p.requiredString("experiment_id");
          store.setExperimentTag(id, new Tag(p.requiredString("key"), p.string("value", "")));
          return Replies.empty();
        })
        .route("GET", prefix + "/experiments/search", this::searchExperiments)
        .route("POST", prefix + "/experiments/search", this::searchExperiments);
  }

  private HttpResponse createExperiment(HttpRequest request) {
    Params p = Params.of(request);
    String name = p.requiredString("name");
    String id = store.createExperiment(name, p.string("artifact_location"), Replies.tags(p, "tags"));
    return HttpResponse.ok(Json.object().put("experiment_id", id));
  }

  private HttpResponse getExperiment(HttpRequest request) {
    return Replies.single("experiment",
        Views.experiment(store.experiment(Params.of(request).requiredString("experiment_id"))));
  }

  private HttpResponse getExperimentByName(HttpRequest request) {
    return Replies.single("experiment",
        Views.experiment(store.experimentByName(Params.of(request).requiredString("experiment_name"))));
  }

  private HttpResponse searchExperiments(HttpRequest request) {
    Params p = Params.of(request);
    int maxResults = Replies.intValue(p, "max_results", 0);
    ViewType viewType = ViewType.parse(p.string("view_type"));
    return Replies.page("experiments", store.searchExperiments(viewType, p.string("filter"), p.stringList("order_by"),
        maxResults, p.string("page_token")), Views::experiment);
  }
}
