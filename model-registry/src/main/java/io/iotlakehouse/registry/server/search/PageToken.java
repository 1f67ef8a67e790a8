package io.iotlakehouse.registry.server.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotlakehouse.registry.server.http.ApiException;
import io.iotlakehouse.registry.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** MLflow's paging tokens: base64 of Python's {@code json.dumps({"offset": N})}. */
public final class PageToken {
  private PageToken() {
  }

  public static String encode(int offset) {
    return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  public static int decode(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParameter("Invalid page token, could not base64-decode");
    }
    JsonNode parsed = Json.parseOrNull(decoded);
    if (parsed == null) {
      throw ApiException.invalidParameter("Invalid page token, decoded value=" + decoded);
    }
    JsonNode offset = parsed.get("offset");
    if (offset == null || !offset.canConvertToInt() || offset.intValue() < 0) {
      throw ApiException.invalidParameter("Invalid page token, parsed value=" + decoded);
    }
    return offset.intValue();
  }

  /**
   * Cuts one page out of sorted results. {@code tokenWhenFull} selects MLflow's run-search behaviour (a token
   * whenever the page is full); otherwise a token is given only when more results exist.
   */
  public static <T> Paged<T> page(List<T> sorted, int maxResults, String token, boolean tokenWhenFull) {
    int offset = decode(token);
    int from = Math.min(offset, sorted.size());
    int to = Math.min(sorted.size(), from + maxResults);
    List<T> items = List.copyOf(sorted.subList(from, to));
    boolean more = tokenWhenFull ? items.size() == maxResults : sorted.size() > offset + maxResults;
    return new Paged<>(items, more ? encode(offset + maxResults) : null);
  }

  /** A page and the token of the next one (null on the last page). */
  public record Paged<T>(List<T> items, String nextPageToken) {
  }
}
