package dev.farol.doctor.hcl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.antlr.v4.runtime.Token;

import dev.farol.doctor.hcl.HclParser.ExpressionContext;
import dev.farol.doctor.hcl.HclParser.TemplateBodyContext;

/**
 * Turns a template's parse tree into {@link TemplatePart}s (spec "Templates" and "Template Expressions").
 *
 * <p>The parts are first flattened into a sequence of literal chunks and sequence markers (interpolations and
 * the directive keywords), as the reference implementation does, because strip markers act across directive
 * boundaries: {@code ~} removes the whitespace of the one literal chunk directly next to it. A chunk is a run
 * of literal text; in a heredoc a chunk also ends after each newline, so a strip marker reaches at most the
 * rest of its line. Then the {@code <<-} rule removes, from every line-leading chunk, the smallest indentation
 * of the non-blank lines. Then adjacent chunks are joined and the directives nested again.
 */
final class TemplateBuilder {

  /** How literal text is read. */
  enum Kind { QUOTED, HEREDOC, FLUSH_HEREDOC, BARE }

  private enum Marker { INTERP, IF, ELSE, ENDIF, FOR, ENDFOR }

  private sealed interface Flat permits Lit, Seq { }

  private static final class Lit implements Flat {
    String value;

    Lit(String value) {
      this.value = value;
    }
  }

  private record Seq(Marker marker, boolean stripBefore, boolean stripAfter, Expr expr, String keyVar,
      String valueVar) implements Flat { }

  private final Path file;
  private final Function<ExpressionContext, Expr> expressions;

  TemplateBuilder(Path file, Function<ExpressionContext, Expr> expressions) {
    this.file = file;
    this.expressions = expressions;
  }

  /**
   * The expression for a template: a {@link Expr.Literal} string when it holds only literal text, a
   * {@link Expr.Template} otherwise.
   */
  Expr build(TemplateBodyContext body, Kind kind, SourceRange range) {
    List<Flat> flat = new ArrayList<>();
    flatten(body, kind, flat);
    strip(flat);
    if (kind == Kind.FLUSH_HEREDOC) {
      flush(flat);
    }
    meld(flat);
    if (flat.stream().allMatch(f -> f instanceof Lit)) {
      return new Expr.Literal(flat.isEmpty() ? "" : ((Lit) flat.get(0)).value, range);
    }
    int[] pos = {0};
    List<TemplatePart> parts = nest(flat, pos);
    if (parts.size() == 1 && parts.get(0) instanceof TemplatePart.Interpolation && flat.size() > 1) {
      // Stripping emptied the literal next to a lone interpolation: keep it, so the template is
      // still converted to a string rather than unwrapped.
      parts = List.of(parts.get(0), new TemplatePart.Text(""));
    }
    return new Expr.Template(parts, range);
  }

  /** The literal text of a block label; a label cannot hold interpolations or directives. */
  String label(TemplateBodyContext body) {
    StringBuilder text = new StringBuilder();
    for (var part : body.templatePart()) {
      if (!(part instanceof HclParser.TemplateLiteralContext lit)) {
        Token t = part.getStart();
        throw new HclSyntaxException(file, t.getLine(), t.getCharPositionInLine() + 1,
            "a block label must be a literal string, found " + SyntaxMessages.describe(t));
      }
      text.append(literal(lit.getStart()));
    }
    return text.toString();
  }

  // ------------------------------------------------------------------ flattening

  private void flatten(TemplateBodyContext body, Kind kind, List<Flat> out) {
    StringBuilder chunk = null;
    for (var part : body.templatePart()) {
      if (part instanceof HclParser.TemplateLiteralContext lit) {
        Token token = lit.getStart();
        chunk = chunk == null ? new StringBuilder() : chunk;
        chunk.append(literal(token));
        if (token.getType() == HclLexer.NEWLINE_TEXT && kind != Kind.QUOTED && kind != Kind.BARE) {
          out.add(new Lit(chunk.toString()));
          chunk = null;
        }
        continue;
      }
      if (chunk != null) {
        out.add(new Lit(chunk.toString()));
        chunk = null;
      }
      if (part instanceof HclParser.TemplateInterpolationContext ic) {
        var in = ic.interpolation();
        out.add(new Seq(Marker.INTERP, in.open.getType() == HclLexer.INTERP_OPEN_STRIP,
            in.close.getType() == HclLexer.STRIP_CLOSE, expressions.apply(in.expression()), null, null));
      } else if (part instanceof HclParser.TemplateIfPartContext ip) {
        var t = ip.templateIf();
        out.add(seq(Marker.IF, t.directiveOpen(0), t.directiveClose(0), expressions.apply(t.expression()),
            null, null));
        flatten(t.templateBody(), kind, out);
        if (t.templateElse() != null) {
          var e = t.templateElse();
          out.add(seq(Marker.ELSE, e.directiveOpen(), e.directiveClose(), null, null, null));
          flatten(e.templateBody(), kind, out);
        }
        out.add(seq(Marker.ENDIF, t.directiveOpen(1), t.directiveClose(1), null, null, null));
      } else if (part instanceof HclParser.TemplateForPartContext fp) {
        var t = fp.templateFor();
        boolean two = t.name().size() == 2;
        out.add(seq(Marker.FOR, t.directiveOpen(0), t.directiveClose(0), expressions.apply(t.expression()),
            two ? t.name(0).getText() : null, t.name(two ? 1 : 0).getText()));
        flatten(t.templateBody(), kind, out);
        out.add(seq(Marker.ENDFOR, t.directiveOpen(1), t.directiveClose(1), null, null, null));
      }
    }
    if (chunk != null) {
      out.add(new Lit(chunk.toString()));
    }
  }

  private static Seq seq(Marker marker, HclParser.DirectiveOpenContext open, HclParser.DirectiveCloseContext close,
      Expr expr, String keyVar, String valueVar) {
    return new Seq(marker, open.getStart().getType() == HclLexer.DIRECTIVE_OPEN_STRIP,
        close.getStart().getType() == HclLexer.STRIP_CLOSE, expr, keyVar, valueVar);
  }

  /** The text a literal token stands for: escapes decoded, "$${" and "%%{" as "${" and "%{". */
  private String literal(Token token) {
    String text = token.getText();
    return switch (token.getType()) {
      case HclLexer.ESCAPED_INTRO -> text.substring(1);
      case HclLexer.ESCAPE -> unescape(token, text);
      default -> text;
    };
  }

  private String unescape(Token token, String text) {
    return switch (text.charAt(1)) {
      case 'n' -> "\n";
      case 'r' -> "\r";
      case 't' -> "\t";
      case '"' -> "\"";
      case '\\' -> "\\";
      default -> {
        int cp = Integer.parseInt(text.substring(2), 16);
        if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF && text.charAt(1) == 'U')) {
          throw new HclSyntaxException(file, token.getLine(), token.getCharPositionInLine() + 1,
              "invalid escape sequence " + SyntaxMessages.quote(text) + ": not a Unicode character");
        }
        yield Character.toString(cp);
      }
    };
  }

  // ------------------------------------------------------------------ strip markers and <<-

  private static void strip(List<Flat> flat) {
    for (int i = 0; i < flat.size(); i++) {
      if (flat.get(i) instanceof Seq seq) {
        if (seq.stripBefore() && i > 0 && flat.get(i - 1) instanceof Lit before) {
          before.value = trimRight(before.value);
        }
        if (seq.stripAfter() && i + 1 < flat.size() && flat.get(i + 1) instanceof Lit after) {
          after.value = trimLeft(after.value);
        }
      }
    }
  }

  /**
   * The flush rule of {@code <<-}: the smallest count of leading whitespace characters over the lines that
   * start with literal text and are not blank (a line starting with an interpolation counts as zero) is
   * removed from each such line.
   */
  private static void flush(List<Flat> flat) {
    int min = Integer.MAX_VALUE;
    boolean lineStart = true;
    List<Lit> adjust = new ArrayList<>();
    for (Flat f : flat) {
      if (lineStart) {
        lineStart = false;
        if (f instanceof Lit lit) {
          String trimmed = trimLeft(lit.value);
          if (!(trimmed.isEmpty() && lit.value.endsWith("\n"))) {
            String lead = lit.value.substring(0, lit.value.length() - trimmed.length());
            min = Math.min(min, lead.codePointCount(0, lead.length()));
            adjust.add(lit);
          }
        } else {
          min = 0;
        }
      }
      if (f instanceof Lit lit && lit.value.endsWith("\n")) {
        lineStart = true;
      }
    }
    for (Lit lit : adjust) {
      lit.value = lit.value.substring(lit.value.offsetByCodePoints(0, min));
    }
  }

  private static void meld(List<Flat> flat) {
    for (int i = 1; i < flat.size(); i++) {
      if (flat.get(i - 1) instanceof Lit a && flat.get(i) instanceof Lit b) {
        a.value = a.value + b.value;
        flat.remove(i);
        i--;
      }
    }
  }

  private static boolean space(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
  }

  private static String trimLeft(String s) {
    int i = 0;
    while (i < s.length() && space(s.codePointAt(i))) {
      i += Character.charCount(s.codePointAt(i));
    }
    return s.substring(i);
  }

  private static String trimRight(String s) {
    int i = s.length();
    while (i > 0 && space(s.codePointBefore(i))) {
      i -= Character.charCount(s.codePointBefore(i));
    }
    return s.substring(0, i);
  }

  // ------------------------------------------------------------------ nesting

  /** The parts from {@code pos} up to the end or to an else/endif/endfor marker (left unread). */
  private static List<TemplatePart> nest(List<Flat> flat, int[] pos) {
    List<TemplatePart> parts = new ArrayList<>();
    while (pos[0] < flat.size()) {
      Flat f = flat.get(pos[0]);
      if (f instanceof Lit lit) {
        pos[0]++;
        if (!lit.value.isEmpty()) {
          parts.add(new TemplatePart.Text(lit.value));
        }
        continue;
      }
      Seq seq = (Seq) f;
      switch (seq.marker()) {
        case INTERP -> {
          pos[0]++;
          parts.add(new TemplatePart.Interpolation(seq.expr()));
        }
        case IF -> {
          pos[0]++;
          List<TemplatePart> then = nest(flat, pos);
          List<TemplatePart> otherwise = List.of();
          if (((Seq) flat.get(pos[0])).marker() == Marker.ELSE) {
            pos[0]++;
            otherwise = nest(flat, pos);
          }
          pos[0]++; // endif
          parts.add(new TemplatePart.If(seq.expr(), then, otherwise));
        }
        case FOR -> {
          pos[0]++;
          List<TemplatePart> body = nest(flat, pos);
          pos[0]++; // endfor
          parts.add(new TemplatePart.For(seq.keyVar(), seq.valueVar(), seq.expr(), body));
        }
        default -> {
          return parts;
        }
      }
    }
    return parts;
  }
}
