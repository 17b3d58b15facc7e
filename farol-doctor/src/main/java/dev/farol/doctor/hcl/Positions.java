package dev.farol.doctor.hcl;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Source ranges of tokens and parse-tree nodes: ANTLR's 0-based columns become 1-based, ends are exclusive. */
final class Positions {

  private Positions() {
  }

  static SourceRange of(Token token) {
    int[] end = end(token);
    return new SourceRange(token.getLine(), token.getCharPositionInLine() + 1, end[0], end[1]);
  }

  /** From the first token of the node to the end of its last; an empty node is an empty range at its start. */
  static SourceRange of(ParserRuleContext ctx) {
    Token start = ctx.getStart();
    Token stop = ctx.getStop();
    if (stop == null || stop.getTokenIndex() < start.getTokenIndex()) {
      return at(start);
    }
    return between(start, stop);
  }

  static SourceRange between(Token first, Token last) {
    int[] end = end(last);
    return new SourceRange(first.getLine(), first.getCharPositionInLine() + 1, end[0], end[1]);
  }

  /** From the end of {@code after} to the start of {@code before}: the inside of a pair of brackets. */
  static SourceRange inside(Token after, Token before) {
    int[] end = end(after);
    return new SourceRange(end[0], end[1], before.getLine(), before.getCharPositionInLine() + 1);
  }

  /** The empty range at the start of a token. */
  static SourceRange at(Token token) {
    int line = token.getLine();
    int column = token.getCharPositionInLine() + 1;
    return new SourceRange(line, column, line, column);
  }

  /** {line, column} just after the token; a heredoc's closing marker ends at the marker, without spaces. */
  static int[] end(Token token) {
    if (token.getType() == Token.EOF) {
      return new int[] {token.getLine(), token.getCharPositionInLine() + 1};
    }
    String text = token.getText();
    if (token.getType() == HclLexer.HEREDOC_END) {
      text = text.stripTrailing();
    }
    int newline = text.lastIndexOf('\n');
    if (newline < 0) {
      return new int[] {token.getLine(), token.getCharPositionInLine() + 1 + text.codePointCount(0, text.length())};
    }
    int lines = (int) text.chars().filter(c -> c == '\n').count();
    return new int[] {token.getLine() + lines, text.codePointCount(newline + 1, text.length()) + 1};
  }
}
