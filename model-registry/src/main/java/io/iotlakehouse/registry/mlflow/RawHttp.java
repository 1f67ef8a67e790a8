package io.iotlakehouse.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The HTTP calls the MLflow Java client cannot make: DELETE with a JSON body, and the artifact proxy (the
 * client would start a Python process for artifacts). Error replies become {@link ServerError}s.
 */
final class RawHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String base;
  private final HttpClient client;
  private final Duration timeout;

  RawHttp(URI trackingUri, Duration timeout) {
    String text = trackingUri.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** DELETE {@code /api/2.0/mlflow/<endpoint>} with a JSON body. */
  JsonNode deleteJson(String endpoint, String json) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + endpoint)).timeout(timeout)
        .header("Content-Type", "application/json")
        .method("DELETE", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    return MAPPER.readTree(checked(send(request, HttpResponse.BodyHandlers.ofString())));
  }

  /** Lists a folder through the artifact proxy; returns the parsed reply ({@code {}} when empty). */
  JsonNode listArtifacts(String proxyPath) throws IOException {
    URI uri = URI.create(base + "/api/2.0/mlflow-artifacts/artifacts?path="
        + java.net.URLEncoder.encode(proxyPath, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return MAPPER.readTree(checked(send(request, HttpResponse.BodyHandlers.ofString())));
  }

  /** Uploads one file through the artifact proxy ({@code PUT /api/2.0/mlflow-artifacts/artifacts/<path>}). */
  void upload(String proxyPath, Path file) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/"
        + encodePath(proxyPath))).timeout(timeout).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
    checked(send(request, HttpResponse.BodyHandlers.ofString()));
  }

  /**
   * The artifact-proxy path of an {@code mlflow-artifacts:} URI ({@code mlflow-artifacts:/1/<run>/artifacts} or
   * {@code mlflow-artifacts://host:port/1/<run>/artifacts}): its path without leading or trailing slashes.
   */
  static String proxyPath(String mlflowArtifactsUri) {
    String path = URI.create(mlflowArtifactsUri).getPath();
    return path == null ? "" : path.replaceAll("^/+", "").replaceAll("/+$", "");
  }

  /** Downloads one file through the artifact proxy to {@code target} (written atomically). */
  void download(String proxyPath, Path target) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/"
        + encodePath(proxyPath))).timeout(timeout).GET().build();
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new ServerError(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
      }
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".download-", ".tmp");
      try {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
    try {
      return client.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while calling " + request.uri(), e);
    }
  }

  private static String checked(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new ServerError(response.statusCode(), response.body(), null);
    }
    return response.body();
  }

  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }
}
