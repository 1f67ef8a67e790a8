package io.iotlakehouse.registry.server.search;

import io.iotlakehouse.registry.server.http.ApiException;
import java.util.ArrayList;
import java.util.List;

/** Parses MLflow filter strings: clauses joined by AND (MLflow supports no OR). */
public final class FilterParser {
  private FilterParser() {
  }

  public static List<Comparison> parse(String filter) {
    List<Comparison> clauses = new ArrayList<>();
    if (filter == null || filter.isBlank()) {
      return clauses;
    }
    List<Token> tokens = Lexer.tokenize(filter);
    if (tokens == null) {
      throw unparsable(filter);
    }
    int i = 0;
    while (true) {
      if (i >= tokens.size() || !tokens.get(i).is(Token.Kind.IDENTIFIER)) {
        throw unparsable(filter);
      }
      String identifier = tokens.get(i++).text();
      if (i >= tokens.size()) {
        throw unparsable(filter);
      }
      Token op = tokens.get(i++);
      String comparator;
      if (op.is(Token.Kind.OPERATOR)) {
        comparator = op.text();
      } else if (op.isKeyword("LIKE") || op.isKeyword("ILIKE") || op.isKeyword("IN")) {
        comparator = op.text();
      } else if (op.isKeyword("NOT") && i < tokens.size() && tokens.get(i).isKeyword("IN")) {
        i++;
        comparator = "NOT IN";
      } else {
        throw unparsable(filter);
      }
      if (i >= tokens.size()) {
        throw unparsable(filter);
      }
      Token first = tokens.get(i++);
      Comparison.Value value;
      if (first.is(Token.Kind.STRING)) {
        value = new Comparison.Value(true, first.text(), null);
      } else if (first.is(Token.Kind.NUMBER)) {
        value = new Comparison.Value(false, first.text(), null);
      } else if (first.is(Token.Kind.LEFT_PAREN)) {
        List<String> items = new ArrayList<>();
        while (true) {
          if (i >= tokens.size()) {
            throw unparsable(filter);
          }
          Token item = tokens.get(i++);
          if (!item.is(Token.Kind.STRING) && !item.is(Token.Kind.NUMBER)) {
            throw unparsable(filter);
          }
          items.add(item.text());
          if (i >= tokens.size()) {
            throw unparsable(filter);
          }
          Token separator = tokens.get(i++);
          if (separator.is(Token.Kind.RIGHT_PAREN)) {
            break;
          }
          if (!separator.is(Token.Kind.COMMA)) {
            throw unparsable(filter);
          }
        }
        value = new Comparison.Value(true, String.join(",", items), items);
      } else {
        throw unparsable(filter);
      }
      int dot = identifier.indexOf('.');
      clauses.add(dot < 0 ? new Comparison(null, identifier, comparator, value)
          : new Comparison(identifier.substring(0, dot), identifier.substring(dot + 1), comparator, value));
      if (i == tokens.size()) {
        return clauses;
      }
      if (!tokens.get(i).isKeyword("AND")) {
        throw ApiException.invalidParameter("Invalid clause(s) in filter string: '" + filter
            + "'. Only conditions joined by AND are supported.");
      }
      i++;
    }
  }

  private static ApiException unparsable(String filter) {
    return ApiException.invalidParameter("Invalid filter '" + filter + "'. Could not be parsed.");
  }
}
