package io.iotlakehouse.governance.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The Atlas v2 REST API calls the platform uses (plain java.net.http + Jackson; works against Atlas 2.1 and later).
 * Every failure is an {@link AtlasException} that says whether retrying can help.
 */
public final class AtlasClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final String auth;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public AtlasClient(String url, String user, String password) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public String url() {
    return url;
  }

  /** The web UI (the same server). */
  public String uiUrl() {
    return url + "/index.html";
  }

  public boolean active() {
    try {
      return call("GET", "/api/atlas/admin/status", null).path("Status").asText().equals("ACTIVE");
    } catch (AtlasException e) {
      return false;
    }
  }

  /** Names of every type the server knows. */
  public Set<String> typeNames() {
    Set<String> names = new LinkedHashSet<>();
    call("GET", "/api/atlas/v2/types/typedefs/headers", null).forEach(h -> names.add(h.path("name").asText()));
    return names;
  }

  public void createTypes(JsonNode typedefs) {
    call("POST", "/api/atlas/v2/types/typedefs", typedefs);
  }

  /** The entity of {@code type} with this qualified name (with its relationships and classifications), if any. */
  public Optional<JsonNode> entity(String type, String qualifiedName) {
    try {
      return Optional.of(call("GET", "/api/atlas/v2/entity/uniqueAttribute/type/" + enc(type) + "?attr:qualifiedName="
          + enc(qualifiedName), null).path("entity"));
    } catch (AtlasException e) {
      if (e.status() == 404) return Optional.empty();
      throw e;
    }
  }

  public JsonNode entityByGuid(String guid) {
    return call("GET", "/api/atlas/v2/entity/guid/" + enc(guid), null).path("entity");
  }

  /** Creates or updates entities ({"entities": [...]}) matched by qualified name; returns Atlas's mutation response. */
  public JsonNode upsert(JsonNode entities) {
    return call("POST", "/api/atlas/v2/entity/bulk", entities);
  }

  public void classify(String guid, JsonNode classifications) {
    call("POST", "/api/atlas/v2/entity/guid/" + enc(guid) + "/classifications", classifications);
  }

  /** Lineage of an entity: {@code direction} INPUT (upstream), OUTPUT (downstream) or BOTH. */
  public JsonNode lineage(String guid, String direction, int depth) {
    return call("GET", "/api/atlas/v2/lineage/" + enc(guid) + "?direction=" + direction + "&depth=" + depth, null);
  }

  /** One page of active entities of a type and its subtypes (basic search). */
  public JsonNode search(String typeName, int limit, int offset) {
    return call("GET", "/api/atlas/v2/search/basic?typeName=" + enc(typeName) + "&excludeDeletedEntities=true&limit="
        + limit + "&offset=" + offset, null);
  }

  private JsonNode call(String method, String path, JsonNode body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", auth)
        .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AtlasException("Atlas at " + url + " did not answer " + method + " " + path + ": " + e, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AtlasException("interrupted while calling Atlas", 0, e);
    }
    if (r.statusCode() == 204) return JSON.createObjectNode();
    if (r.statusCode() / 100 != 2) {
      String hint = r.statusCode() == 401 || r.statusCode() == 403 ? " (check atlas.user and atlas.password)" : "";
      throw new AtlasException("Atlas at " + url + " answered " + method + " " + path + " with HTTP " + r.statusCode()
          + hint + ": " + abbreviate(r.body()), r.statusCode(), null);
    }
    try {
      return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AtlasException("Atlas at " + url + " answered " + path + " with something that is not JSON: "
          + abbreviate(r.body()), r.statusCode(), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 500 ? s.substring(0, 500) + "..." : s;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
