package io.iotlakehouse.registry.server.search;

/** A lexical token of a filter or order_by string. */
record Token(Kind kind, String text) {
  enum Kind { IDENTIFIER, STRING, NUMBER, OPERATOR, KEYWORD, LEFT_PAREN, RIGHT_PAREN, COMMA }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean isKeyword(String word) {
    return kind == Kind.KEYWORD && text.equalsIgnoreCase(word);
  }
}
