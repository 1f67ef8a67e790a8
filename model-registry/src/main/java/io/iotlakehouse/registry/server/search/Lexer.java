package io.iotlakehouse.registry.server.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits MLflow search strings into tokens: identifiers (with {@code `quoted`} or {@code "quoted"} parts after a
 * dot, as in {@code tags."mlflow.runName"}), single- or double-quoted strings, numbers, runs of comparison
 * characters (so {@code <<<} is one, invalid, comparator), parentheses, commas and the keywords AND, LIKE,
 * ILIKE, IN, NOT, ASC, DESC.
 */
final class Lexer {
  private static final Set<String> KEYWORDS = Set.of("AND", "OR", "LIKE", "ILIKE", "IN", "NOT", "ASC", "DESC");
  private static final String OPERATOR_CHARS = "=!<>~";

  private Lexer() {
  }

  /** Returns the tokens, or null when the text cannot be tokenized (an unterminated quote, a stray character). */
  static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        tokens.add(new Token(Token.Kind.LEFT_PAREN, "("));
        i++;
      } else if (c == ')') {
        tokens.add(new Token(Token.Kind.RIGHT_PAREN, ")"));
        i++;
      } else if (c == ',') {
        tokens.add(new Token(Token.Kind.COMMA, ","));
        i++;
      } else if (c == '\'' || c == '"') {
        int end = text.indexOf(c, i + 1);
        if (end < 0) {
          return null;
        }
        tokens.add(new Token(Token.Kind.STRING, text.substring(i + 1, end)));
        i = end + 1;
      } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
        int start = i;
        while (i < n && OPERATOR_CHARS.indexOf(text.charAt(i)) >= 0) {
          i++;
        }
        tokens.add(new Token(Token.Kind.OPERATOR, text.substring(start, i)));
      } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < n
          && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '.'))) {
        int start = i;
        i++;
        while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.' || text.charAt(i) == 'e'
            || text.charAt(i) == 'E' || ((text.charAt(i) == '-' || text.charAt(i) == '+')
            && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E')))) {
          i++;
        }
        tokens.add(new Token(Token.Kind.NUMBER, text.substring(start, i)));
      } else if (c == '`' || Character.isLetter(c) || c == '_') {
        StringBuilder identifier = new StringBuilder();
        while (i < n) {
          char d = text.charAt(i);
          if (d == '`' || (d == '"' && identifier.length() > 0 && identifier.charAt(identifier.length() - 1) == '.')) {
            int end = text.indexOf(d, i + 1);
            if (end < 0) {
              return null;
            }
            identifier.append(text, i + 1, end);
            i = end + 1;
          } else if (Character.isLetterOrDigit(d) || d == '_' || d == '.') {
            identifier.append(d);
            i++;
          } else {
            break;
          }
        }
        String word = identifier.toString();
        boolean quotedStart = c == '`';
        tokens.add(!quotedStart && KEYWORDS.contains(word.toUpperCase())
            ? new Token(Token.Kind.KEYWORD, word.toUpperCase()) : new Token(Token.Kind.IDENTIFIER, word));
      } else {
        return null;
      }
    }
    return tokens;
  }
}
