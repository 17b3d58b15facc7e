package dev.farol.doctor.hcl;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The state the generated {@code HclLexer} keeps beyond ANTLR's mode stack: the stack of open brackets (which
 * decides whether a newline is a token or whitespace, and which closing brace ends an interpolation), the
 * stack of open quoted strings and heredocs (for their closing and for error positions), and the lexical
 * errors, raised as {@link HclSyntaxException} at the first one.
 */
abstract class HclLexerBase extends Lexer {

  /** What an open bracket is; newlines are significant only directly inside a {@link #BRACE}. */
  enum Bracket { PAREN, BRACKET, BRACE, FOR_BRACE, INTERP, DIRECTIVE }

  private record Open(Bracket kind, int line, int column) { }

  /** An open quoted string; {@code interpolation} is the "${" it was opened in, if any. */
  private record Quote(int line, int column, Open interpolation) { }

  private record Heredoc(String marker, String opener, int line) { }

  private final Deque<Open> brackets = new ArrayDeque<>();
  private final Deque<Heredoc> heredocs = new ArrayDeque<>();
  private final Deque<Quote> quotes = new ArrayDeque<>();
  private Path file = Path.of("");
  private String source;

  HclLexerBase(CharStream input) {
    super(input);
  }

  /** The file that error messages name. */
  void file(Path file) {
    this.file = file;
  }

  @Override
  public Token nextToken() {
    Token token = super.nextToken();
    if (token.getType() == Token.EOF) {
      if (!heredocs.isEmpty()) {
        Heredoc doc = heredocs.peek();
        throw error(token.getLine(), token.getCharPositionInLine(), "the heredoc \"" + doc.opener()
            + "\" opened at line " + doc.line() + " is not closed: a line holding only \""
            + doc.marker() + "\" is expected before the end of the file");
      }
      if (_mode == HclLexer.QUOTED) {
        throw error(token.getLine(), token.getCharPositionInLine(),
            "unterminated string: a closing quote is expected before the end of the file");
      }
    }
    return token;
  }

  // ------------------------------------------------------------------ brackets

  final void open(Bracket kind) {
    brackets.push(new Open(kind, _tokenStartLine, _tokenStartCharPositionInLine + 1));
  }

  final void close(Bracket kind) {
    if (!brackets.isEmpty() && brackets.peek().kind() == kind) {
      brackets.pop();
    }
  }

  /** A "{" opens a for expression when "for" follows (past spaces, newlines and comments). */
  final void openBrace() {
    open(forFollows(_input.index()) ? Bracket.FOR_BRACE : Bracket.BRACE);
  }

  /** A "}" or "~}": ends an interpolation or directive (back to template text), or closes a brace. */
  final void closeBrace(boolean strip) {
    Open top = brackets.peek();
    if (top != null && (top.kind() == Bracket.INTERP || top.kind() == Bracket.DIRECTIVE)) {
      brackets.pop();
      popMode();
    } else if (strip) {
      throw error(_tokenStartLine, _tokenStartCharPositionInLine,
          "unexpected \"~}\": a strip marker can only end an interpolation \"${ }\" or a directive \"%{ }\"");
    } else if (top != null && (top.kind() == Bracket.BRACE || top.kind() == Bracket.FOR_BRACE)) {
      brackets.pop();
    }
  }

  /** "${", "${~", "%{" or "%{~" in template text: expressions follow until the matching "}". */
  final void openSequence(Bracket kind, int tokenType) {
    setType(tokenType);
    open(kind);
    pushMode(DEFAULT_MODE);
  }

  final void newline() {
    Open top = brackets.peek();
    if (top != null && top.kind() != Bracket.BRACE) {
      skip();
    }
  }

  // ------------------------------------------------------------------ strings and heredocs

  final void openQuote() {
    Open top = brackets.peek();
    quotes.push(new Quote(_tokenStartLine, _tokenStartCharPositionInLine + 1,
        top != null && top.kind() == Bracket.INTERP ? top : null));
    pushMode(HclLexer.QUOTED);
  }

  final void closeQuote() {
    quotes.pop();
    popMode();
  }

  /**
   * A newline in a quoted string. When the string was opened inside an interpolation on the same line, the
   * usual cause is a "${" missing its "}" (its closing quote then opened this string).
   */
  final void unterminatedString() {
    Quote quote = quotes.peek();
    Open in = quote == null ? null : quote.interpolation();
    if (in != null && in.line() == quote.line()) {
      throw error(quote.line(), quote.column() - 1, "the interpolation \"${\" opened at " + in.line() + ":"
          + (in.column()) + " is not closed: \"}\" expected before the closing quote");
    }
    throw error(_tokenStartLine, _tokenStartCharPositionInLine,
        "unterminated string: a closing quote is expected before the end of the line");
  }

  final void startHeredoc() {
    String text = getText().strip();
    String marker = text.substring(text.startsWith("<<-") ? 3 : 2);
    heredocs.push(new Heredoc(marker, text, _tokenStartLine));
    pushMode(HclLexer.HEREDOC);
  }

  /** True where the current line holds only the innermost heredoc's marker, spaces and tabs aside. */
  final boolean heredocEndAhead() {
    Heredoc doc = heredocs.peek();
    String text = source();
    int start = offset(_tokenStartCharIndex);
    if (doc == null || (start > 0 && text.charAt(start - 1) != '\n')) {
      return false;
    }
    int end = text.indexOf('\n', start);
    String line = text.substring(start, end < 0 ? text.length() : end);
    return line.strip().equals(doc.marker());
  }

  final void endHeredoc() {
    heredocs.pop();
    popMode();
  }

  // ------------------------------------------------------------------ errors

  final void badCharacter() {
    String ch = getText();
    String hint = switch (ch) {
      case ";" -> ": attributes and blocks are separated by newlines, and the items of a collection by commas";
      case "'" -> ": strings are written in double quotes";
      case "\r" -> ": a carriage return must be followed by a newline";
      default -> "";
    };
    throw error(_tokenStartLine, _tokenStartCharPositionInLine,
        "unexpected character " + SyntaxMessages.quote(ch) + hint);
  }

  final void badEscape() {
    int next = _input.LA(1);
    String seq = next == CharStream.EOF || next == '\n' || next == '\r'
        ? "\\" : "\\" + Character.toString(next);
    throw error(_tokenStartLine, _tokenStartCharPositionInLine, "invalid escape sequence " + SyntaxMessages.quote(seq)
        + " in a string: the escapes are \\n, \\r, \\t, \\\", \\\\, \\uNNNN and \\UNNNNNNNN");
  }

  final void unclosedComment() {
    throw error(getLine(), getCharPositionInLine(), "the comment opened with \"/*\" at line " + _tokenStartLine
        + " is not closed: \"*/\" is expected before the end of the file");
  }

  private HclSyntaxException error(int line, int zeroBasedColumn, String message) {
    return new HclSyntaxException(file, line, zeroBasedColumn + 1, message);
  }

  // ------------------------------------------------------------------ lookahead over the source

  private String source() {
    if (source == null) {
      source = _input.size() == 0 ? "" : _input.getText(Interval.of(0, _input.size() - 1));
    }
    return source;
  }

  /** The UTF-16 offset of a code point index. */
  private int offset(int codePointIndex) {
    String text = source();
    return text.length() == _input.size() ? codePointIndex : text.offsetByCodePoints(0, codePointIndex);
  }

  private boolean forFollows(int codePointIndex) {
    String text = source();
    int i = offset(codePointIndex);
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
      } else if (c == '#' || text.startsWith("//", i)) {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
      } else {
        break;
      }
    }
    if (!text.startsWith("for", i)) {
      return false;
    }
    int after = i + 3;
    if (after >= text.length()) {
      return true;
    }
    int cp = text.codePointAt(after);
    return !(Character.isUnicodeIdentifierPart(cp) || cp == '-');
  }
}
