package io.iotlakehouse.registry.server.search;

import io.iotlakehouse.registry.server.http.ApiException;
import java.util.List;

/**
 * One {@code identifier comparator value} clause of a filter. {@code entity} is the part before the first dot
 * ({@code metrics}, {@code tags}, ...) or null; {@code key} is the rest. Comparators are upper-cased keywords or
 * the operator text as written.
 */
public record Comparison(String entity, String key, String comparator, Value value) {

  /**
   * For experiment and registry searches, whose filters know only tags and attributes: true for {@code tags.x},
   * false for {@code attribute.x} or a bare {@code x}; any other entity is MLflow's INVALID_PARAMETER_VALUE.
   */
  public boolean isTag() {
    if (entity == null) {
      return false;
    }
    return switch (entity.toLowerCase()) {
      case "tag", "tags" -> true;
      case "attribute", "attributes", "attr" -> false;
      default -> throw ApiException.invalidParameter("Invalid entity type '" + entity
          + "'. Valid values are ['tag', 'attribute']");
    };
  }

  /** A literal: a quoted string, a number, or a parenthesized list (for IN). */
  public record Value(boolean quoted, String text, List<String> list) {
    public boolean isNumber() {
      return !quoted && list == null;
    }

    public boolean isList() {
      return list != null;
    }

    public double number() {
      return Double.parseDouble(text);
    }

    /** How MLflow prints the value in error messages. */
    public String shown() {
      return list != null ? list.toString() : quoted ? "'" + text + "'" : text;
    }
  }
}
