package io.iotlakehouse.registry.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.registry.server.artifacts.ArtifactRoot;
import io.iotlakehouse.registry.server.artifacts.ArtifactRoot.Entry;
import io.iotlakehouse.registry.server.http.ApiException;
import io.iotlakehouse.registry.server.http.HtmlPages;
import io.iotlakehouse.registry.server.http.HttpRequest;
import io.iotlakehouse.registry.server.http.HttpResponse;
import io.iotlakehouse.registry.server.http.Json;
import io.iotlakehouse.registry.server.http.Params;
import io.iotlakehouse.registry.server.http.Router;
import io.iotlakehouse.registry.server.store.RunStore;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The artifact endpoints: the {@code mlflow-artifacts} proxy (upload, download, list, delete under the artifact
 * root) and the tracking-side {@code artifacts/list} of a run.
 */
public final class ArtifactApi {
  /** Extensions MLflow serves as text/plain (mlflow/server/handlers.py _TEXT_EXTENSIONS). */
  private static final Set<String> TEXT_EXTENSIONS = Set.of("txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini",
      "properties", "prop", "hocon", "toml", "yaml", "yml", "xml", "json", "js", "py", "py3", "csv", "tsv", "md",
      "rst", "MLmodel", "mlproject");

  private final ArtifactRoot artifacts;
  private final RunStore runs;

  public ArtifactApi(ArtifactRoot artifacts, RunStore runs) {
    this.artifacts = artifacts;
    this.runs = runs;
  }

  /** Registers the proxy under {@code proxyPrefix} (e.g. /api/2.0/mlflow-artifacts) and the tracking list. */
  public void register(Router router, String proxyPrefix, String trackingPrefix) {
    String base = proxyPrefix + "/artifacts";
    router.route("GET", base, this::proxyList)
        .prefix("GET", base + "/", r -> download(relative(r, base)))
        .prefix("PUT", base + "/", r -> {
          artifacts.write(relative(r, base), r.body());
          return Replies.empty();
        })
        .prefix("DELETE", base + "/", r -> {
          try {
            artifacts.delete(relative(r, base));
          } catch (IllegalStateException e) {
            return HtmlPages.internalError();
          }
          return Replies.empty();
        });
    router.route("GET", trackingPrefix + "/artifacts/list", this::trackingList);
  }

  private static String relative(HttpRequest request, String base) {
    return request.path().substring(base.length() + 1);
  }

  private HttpResponse proxyList(HttpRequest request) {
    String path = Params.of(request).string("path", "");
    Path folder = artifacts.resolve(path);
    return HttpResponse.ok(files(ArtifactRoot.list(folder), ""));
  }

  private HttpResponse download(String relative) {
    byte[] content = artifacts.read(relative);
    String fileName = relative.substring(relative.lastIndexOf('/') + 1);
    return HttpResponse.of(200, mimeType(fileName), content)
        .withHeader("Content-Disposition", "attachment; filename=" + fileName);
  }

  private HttpResponse trackingList(HttpRequest request) {
    Params p = Params.of(request);
    String runId = RunApi.runId(p);
    String path = p.string("path", "");
    ArtifactRoot.checkSafe(path);
    String root = runs.run(runId).info().artifactUri();
    Optional<Path> folder = artifacts.localFolder(root);
    if (folder.isEmpty()) {
      throw ApiException.invalidParameter("Cannot list artifacts of run " + runId + ": its artifact URI '" + root
          + "' is not served by this server (only mlflow-artifacts: and file: URIs are). Use a client for that "
          + "storage instead.");
    }
    Path target = path.isEmpty() ? folder.get() : folder.get().resolve(path).normalize();
    if (!target.startsWith(folder.get())) {
      throw ApiException.invalidParameter("Invalid path: " + path);
    }
    ObjectNode node = Json.object().put("root_uri", root);
    node.setAll(files(ArtifactRoot.list(target), path.isEmpty() ? "" : stripSlashes(path) + "/"));
    return HttpResponse.ok(node);
  }

  private static String stripSlashes(String path) {
    return path.replaceAll("/+$", "");
  }

  private static ObjectNode files(List<Entry> entries, String pathPrefix) {
    ObjectNode node = Json.object();
    if (entries.isEmpty()) {
      return node;
    }
    ArrayNode files = node.putArray("files");
    for (Entry e : entries) {
      ObjectNode file = files.addObject().put("path", pathPrefix + e.name()).put("is_dir", e.directory());
      if (e.size() != null) {
        file.put("file_size", e.size());
      }
    }
    return node;
  }

  /** MLflow's _guess_mime_type: text-like extensions (or an extensionless known name) are text/plain. */
  static String mimeType(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? fileName : fileName.substring(dot + 1);
    if (TEXT_EXTENSIONS.contains(extension)) {
      return "text/plain";
    }
    String guessed = URLConnection.guessContentTypeFromName(fileName);
    return guessed == null ? "application/octet-stream" : guessed;
  }
}
