package io.iotlakehouse.registry.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One recorded exchange (a line of a {@code .jsonl} recording). {@code request.query} is null or an object of
 * strings; bodies are JSON, text, {@code "<binary N bytes sha256=...>"} or null, as described in the
 * recordings' README.
 */
public record Exchange(int step, String name, Request request, Response response) {

  public record Request(String method, String path, ObjectNode query, String contentType, JsonNode body) {
  }

  public record Response(int status, ObjectNode headers, JsonNode body) {
    public String header(String name) {
      JsonNode value = headers == null ? null : headers.get(name);
      return value == null ? null : value.asText();
    }
  }

  static Exchange fromJson(JsonNode line) {
    JsonNode req = line.get("request");
    JsonNode res = line.get("response");
    JsonNode query = req.get("query");
    JsonNode headers = req.get("headers");
    String contentType = headers != null && headers.has("content-type") ? headers.get("content-type").asText() : null;
    return new Exchange(line.get("step").asInt(), line.get("name").asText(),
        new Request(req.get("method").asText(), req.get("path").asText(),
            query instanceof ObjectNode q ? q : null, contentType, nullToNull(req.get("body"))),
        new Response(res.get("status").asInt(), res.get("headers") instanceof ObjectNode h ? h : null,
            nullToNull(res.get("body"))));
  }

  private static JsonNode nullToNull(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }
}
