package io.iotlakehouse.dashboard.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.dashboard.SourceUnavailableException;
import java.util.Locale;

/**
 * The envelope of every panel's JSON: {@code status} is {@code ok} (data to show), {@code empty} (the source answers
 * but has nothing yet), {@code unreachable} (the source does not answer) or {@code missing} (what the panel reads
 * does not exist yet); {@code reason} is the sentence the page shows instead of data; {@code source} says where the
 * data comes from.
 */
public final class Panel {
  private Panel() {}

  public static final String OK = "ok";
  public static final String EMPTY = "empty";

  public static ObjectNode ok(String source) {
    ObjectNode n = Json.object();
    n.put("status", OK);
    n.put("source", source);
    return n;
  }

  public static ObjectNode empty(String source, String reason) {
    ObjectNode n = Json.object();
    n.put("status", EMPTY);
    n.put("source", source);
    n.put("reason", reason);
    return n;
  }

  public static ObjectNode unavailable(String source, SourceUnavailableException e) {
    ObjectNode n = Json.object();
    n.put("status", e.state().name().toLowerCase(Locale.ROOT));
    n.put("source", source);
    n.put("reason", e.reason());
    return n;
  }
}
