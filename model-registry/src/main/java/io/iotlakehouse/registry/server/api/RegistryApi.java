package io.iotlakehouse.registry.server.api;

import io.iotlakehouse.registry.server.http.HttpRequest;
import io.iotlakehouse.registry.server.http.HttpResponse;
import io.iotlakehouse.registry.server.http.Json;
import io.iotlakehouse.registry.server.http.Params;
import io.iotlakehouse.registry.server.http.Router;
import io.iotlakehouse.registry.server.store.Entities.ModelVersion;
import io.iotlakehouse.registry.server.store.Entities.Tag;
import io.iotlakehouse.registry.server.store.RegistryStore;
import java.util.List;

/** The model-registry endpoints: registered models, model versions, tags and aliases. */
public final class RegistryApi {
  private final RegistryStore store;

  public RegistryApi(RegistryStore store) {
    this.store = store;
  }

  public void register(Router router, String prefix) {
    String models = prefix + "/registered-models";
    String versions = prefix + "/model-versions";
    router.route("POST", models + "/create", r -> {
      Params p = Params.of(r);
      String name = p.requiredString("name");
      return Replies.single("registered_model", Views.registeredModel(store.createRegisteredModel(name,
          Replies.tags(p, "tags"), p.string("description"))));
    })
        .route("GET", models + "/get", r -> Replies.single("registered_model",
            Views.registeredModel(store.registeredModel(Params.of(r).requiredString("name")))))
        .route("POST", models + "/rename", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          return Replies.single("registered_model",
              Views.registeredModel(store.renameRegisteredModel(name, p.requiredString("new_name"))));
        })
        .route("PATCH", models + "/update", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          return Replies.single("registered_model",
              Views.registeredModel(store.updateRegisteredModel(name, p.string("description"))));
        })
        .route("DELETE", models + "/delete", r -> {
          store.deleteRegisteredModel(Params.of(r).requiredString("name"));
          return Replies.empty();
        })
        .route("POST", models + "/set-tag", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          store.setRegisteredModelTag(name, new Tag(p.requiredString("key"), p.string("value", "")));
          return Replies.empty();
        })
        .route("DELETE", models + "/delete-tag", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          store.deleteRegisteredModelTag(name, p.requiredString("key"));
          return Replies.empty();
        })
        .route("GET", models + "/search", r -> {
          Params p = Params.of(r);
          return Replies.page("registered_models", store.searchRegisteredModels(p.string("filter"),
              Replies.intValue(p, "max_results", 100), p.stringList("order_by"), p.string("page_token")),
              Views::registeredModel);
        })
        .route("GET", models + "/get-latest-versions", this::latestVersions)
        .route("POST", models + "/get-latest-versions", this::latestVersions)
        .route("POST", models + "/alias", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          String alias = p.requiredString("alias");
          store.setAlias(name, alias, p.requiredString("version"));
          return Replies.empty();
        })
        .route("DELETE", models + "/alias", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          store.deleteAlias(name, p.requiredString("alias"));
          return Replies.empty();
        })
        .route("GET", models + "/alias", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          return Replies.single("model_version",
              Views.modelVersion(store.versionByAlias(name, p.requiredString("alias"))));
        })
        .route("POST", versions + "/create", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          String source = p.requiredString("source");
          return Replies.single("model_version", Views.modelVersion(store.createModelVersion(name, source,
              p.string("run_id"), Replies.tags(p, "tags"), p.string("run_link"), p.string("description"))));
        })
        .route("GET", versions + "/get", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          return Replies.single("model_version",
              Views.modelVersion(store.modelVersion(name, p.requiredString("version"))));
        })
        .route("PATCH", versions + "/update", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          String version = p.requiredString("version");
          return Replies.single("model_version",
              Views.modelVersion(store.updateModelVersion(name, version, p.string("description"))));
        })
        .route("DELETE", versions + "/delete", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          store.deleteModelVersion(name, p.requiredString("version"));
          return Replies.empty();
        })
        .route("POST", versions + "/transition-stage", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          String version = p.requiredString("version");
          String stage = p.requiredString("stage");
          return Replies.single("model_version", Views.modelVersion(store.transitionStage(name, version, stage,
              p.bool("archive_existing_versions", false))));
        })
        .route("GET", versions + "/get-download-uri", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          return HttpResponse.ok(Json.object().put("artifact_uri",
              store.downloadUri(name, p.requiredString("version"))));
        })
        .route("POST", versions + "/set-tag", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          String version = p.requiredString("version");
          store.setModelVersionTag(name, version, new Tag(p.requiredString("key"), p.string("value", "")));
          return Replies.empty();
        })
        .route("DELETE", versions + "/delete-tag", r -> {
          Params p = Params.of(r);
          String name = p.requiredString("name");
          String version = p.requiredString("version");
          store.deleteModelVersionTag(name, version, p.requiredString("key"));
          return Replies.empty();
        })
        .route("GET", versions + "/search", r -> {
          Params p = Params.of(r);
          return Replies.page("model_versions", store.searchModelVersions(p.string("filter"),
              Replies.intValue(p, "max_results", 10000), p.stringList("order_by"), p.string("page_token")),
              Views::modelVersion);
        });
  }

  private HttpResponse latestVersions(HttpRequest request) {
    Params p = Params.of(request);
    String name = p.requiredString("name");
    List<ModelVersion> latest = store.latestVersions(name, p.stringList("stages"));
    return Replies.page("model_versions", new io.iotlakehouse.registry.server.search.PageToken.Paged<>(latest, null),
        Views::modelVersion);
  }
}
