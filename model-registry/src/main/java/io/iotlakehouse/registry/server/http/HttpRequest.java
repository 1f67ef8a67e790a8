package io.iotlakehouse.registry.server.http;

import java.util.List;
import java.util.Map;

/**
 * A request as the router sees it: method, decoded path (no query string), decoded query parameters (repeated
 * parameters keep every value, in order) and the raw body.
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query, byte[] body) {

  public HttpRequest {
    query = Map.copyOf(query);
    body = body == null ? new byte[0] : body;
  }

  /** First value of a query parameter, or null. */
  public String queryValue(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
