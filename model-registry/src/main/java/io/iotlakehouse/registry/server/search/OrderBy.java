package io.iotlakehouse.registry.server.search;

import io.iotlakehouse.registry.server.http.ApiException;
import java.util.List;

/** One parsed order_by clause: {@code [entity.]key [ASC|DESC]}. */
public record OrderBy(String entity, String key, boolean ascending) {

  /** Parses a clause; a malformed one gives MLflow's "Invalid ordering key" error. */
  public static OrderBy parse(String clause) {
    List<Token> tokens = clause == null ? null : Lexer.tokenize(clause);
    if (tokens == null || tokens.isEmpty() || tokens.size() > 2 || !tokens.get(0).is(Token.Kind.IDENTIFIER)
        && !tokens.get(0).is(Token.Kind.STRING)) {
      throw invalid(clause);
    }
    boolean ascending = true;
    if (tokens.size() == 2) {
      Token direction = tokens.get(1);
      if (direction.isKeyword("ASC")) {
        ascending = true;
      } else if (direction.isKeyword("DESC")) {
        ascending = false;
      } else {
        throw invalid(clause);
      }
    }
    String identifier = tokens.get(0).text();
    int dot = identifier.indexOf('.');
    return dot < 0 ? new OrderBy(null, identifier, ascending)
        : new OrderBy(identifier.substring(0, dot), identifier.substring(dot + 1), ascending);
  }

  public static ApiException invalid(String clause) {
    return ApiException.invalidParameter("Invalid ordering key in order_by clause '" + clause + "'.");
  }
}
