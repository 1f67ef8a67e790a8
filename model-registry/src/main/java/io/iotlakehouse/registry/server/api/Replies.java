package io.iotlakehouse.registry.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.registry.server.http.HttpResponse;
import io.iotlakehouse.registry.server.http.Json;
import io.iotlakehouse.registry.server.http.Params;
import io.iotlakehouse.registry.server.search.PageToken;
import io.iotlakehouse.registry.server.store.Entities.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reply shapes shared by the API classes. */
final class Replies {
  private Replies() {
  }

  /** {@code {}}: what every MLflow write operation returns. */
  static HttpResponse empty() {
    return HttpResponse.ok(Json.object());
  }

  static HttpResponse single(String field, JsonNode value) {
    ObjectNode node = Json.object();
    node.set(field, value);
    return HttpResponse.ok(node);
  }

  /** A search page: the list (left out when empty) and next_page_token (only while more results exist). */
  static <T> HttpResponse page(String field, PageToken.Paged<T> page, Function<T, JsonNode> view) {
    ObjectNode node = Json.object();
    Json.putList(node, field, page.items(), view);
    if (page.nextPageToken() != null) {
      node.put("next_page_token", page.nextPageToken());
    }
    return HttpResponse.ok(node);
  }

  static List<Tag> tags(Params params, String field) {
    List<Tag> tags = new ArrayList<>();
    for (Params tag : params.objectList(field)) {
      tags.add(new Tag(tag.requiredString("key"), tag.string("value", "")));
    }
    return tags;
  }

  static int intValue(Params params, String field, int fallback) {
    long value = params.longValue(field, fallback);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
