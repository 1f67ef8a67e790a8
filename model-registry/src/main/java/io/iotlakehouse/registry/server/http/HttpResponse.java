package io.iotlakehouse.registry.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Status, headers and body of a reply. Immutable apart from the header map built by the factories. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

  public static final String JSON = "application/json";
  public static final String HTML = "text/html; charset=utf-8";

  public static HttpResponse json(int status, JsonNode node) {
    return of(status, JSON, Json.write(node).getBytes(StandardCharsets.UTF_8));
  }

  public static HttpResponse ok(JsonNode node) {
    return json(200, node);
  }

  public static HttpResponse text(int status, String contentType, String text) {
    return of(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  public static HttpResponse of(int status, String contentType, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    return new HttpResponse(status, headers, body);
  }

  public static HttpResponse error(ApiException e) {
    return json(e.status(), Json.object().put("error_code", e.errorCode()).put("message", e.getMessage()));
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new HttpResponse(status, copy, body);
  }
}
