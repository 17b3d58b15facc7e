package dev.farol.doctor.hcl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import dev.farol.doctor.hcl.HclParser.*;

/**
 * Writes a syntax error in plain words: what was expected, after what, and what was found instead. The rule
 * being parsed decides the wording (an unclosed block, a missing separator in an object, a missing "=>" in a
 * for expression...); a generic sentence built from the expected tokens covers the rest.
 */
final class SyntaxMessages {

  /** What is being parsed, for naming its end. */
  enum Input {
    FILE("the end of the file"), EXPRESSION("the end of the expression"), TEMPLATE("the end of the template");

    final String end;

    Input(String end) {
      this.end = end;
    }
  }

  private final Path file;
  private final Input input;

  SyntaxMessages(Path file, Input input) {
    this.file = file;
    this.input = input;
  }

  HclSyntaxException error(Parser parser, Token found, IntervalSet expected, Token decisionStart) {
    TokenStream tokens = parser.getInputStream();
    Token prev = found.getTokenIndex() > 0 ? tokens.get(found.getTokenIndex() - 1) : null;
    String reason = reason(parser.getContext(), found, prev, expected, decisionStart, tokens);
    return new HclSyntaxException(file, found.getLine(), found.getCharPositionInLine() + 1, reason);
  }

  private String reason(ParserRuleContext ctx, Token found, Token prev, IntervalSet expected, Token decisionStart,
      TokenStream tokens) {
    String what = found.getType() == Token.EOF ? input.end : describe(found);
    if (isDirective(found)) {
      int keyword = tokens.get(found.getTokenIndex() + 1).getType();
      String stray = switch (keyword) {
        case HclLexer.ELSE -> "\"%{ else }\" without a matching \"%{ if }\"";
        case HclLexer.ENDIF -> "\"%{ endif }\" without a matching \"%{ if }\"";
        case HclLexer.ENDFOR -> "\"%{ endfor }\" without a matching \"%{ for }\"";
        default -> null;
      };
      if (stray != null && !(expected != null && expected.contains(found.getType()))) {
        return stray;
      }
    }
    if (expected != null && expected.contains(HclLexer.NUMBER)) {
      return "expected an expression" + after(prev) + ", found " + what;
    }
    if (found.getType() == Token.EOF) {
      String unclosed = unclosed(ctx);
      if (unclosed != null) {
        return unclosed;
      }
    }
    String specific = specific(ctx, found, prev, expected, decisionStart, what);
    if (specific != null) {
      return specific;
    }
    return "expected " + expectation(expected) + after(prev) + ", found " + what;
  }

  /** The innermost construct still open at the end of the input. */
  private String unclosed(ParserRuleContext ctx) {
    for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
      String opened = c.getStart() == null ? "" : " opened at line " + c.getStart().getLine();
      String notClosed = " is not closed: ";
      String before = " expected before " + input.end;
      if (c instanceof BlockContext b && b.LBRACE() != null) {
        return "the block \"" + b.name().getText() + "\" opened at line " + b.LBRACE().getSymbol().getLine()
            + notClosed + "\"}\"" + before;
      } else if (c instanceof ObjectContext) {
        return "the object \"{\"" + opened + notClosed + "\"}\"" + before;
      } else if (c instanceof ForObjectContext) {
        return "the for expression \"{\"" + opened + notClosed + "\"}\"" + before;
      } else if (c instanceof TupleContext) {
        return "the tuple \"[\"" + opened + notClosed + "\"]\"" + before;
      } else if (c instanceof ForTupleContext) {
        return "the for expression \"[\"" + opened + notClosed + "\"]\"" + before;
      } else if ((c instanceof IndexContext || c instanceof FullSplatContext)) {
        return "the index \"[\"" + opened + notClosed + "\"]\"" + before;
      } else if (c instanceof FunctionCallContext f && f.LPAREN() != null) {
        return "the call of " + callName(f) + " opened at line " + f.LPAREN().getSymbol().getLine()
            + notClosed + "\")\"" + before;
      } else if (c instanceof ParensExprContext) {
        return "the \"(\"" + opened + notClosed + "\")\"" + before;
      } else if (c instanceof InterpolationContext) {
        return "the interpolation \"${\"" + opened + notClosed + "\"}\"" + before;
      } else if (c instanceof TemplateIfContext) {
        return "the directive \"%{ if }\"" + opened + notClosed + "\"%{ endif }\"" + before;
      } else if (c instanceof TemplateForContext) {
        return "the directive \"%{ for }\"" + opened + notClosed + "\"%{ endfor }\"" + before;
      }
    }
    return null;
  }

  /** The wording that depends on the rule being parsed; null where the generic sentence does. */
  private String specific(ParserRuleContext ctx, Token found, Token prev, IntervalSet expected, Token decisionStart,
      String what) {
    int type = found.getType();
    if (ctx instanceof BodyContext || ctx instanceof ConfigFileContext) {
      boolean topLevel = ctx.getParent() instanceof ConfigFileContext || ctx instanceof ConfigFileContext;
      if (type == HclLexer.RBRACE && topLevel) {
        return "unexpected \"}\": there is no open block to close";
      }
      if (expected != null && expected.contains(HclLexer.NL) && !expected.contains(HclLexer.IDENT)) {
        return "expected a newline after " + lastItem(ctx) + ", found " + what;
      }
      return "expected an attribute or a block, found " + what;
    }
    if (ctx instanceof BodyItemContext item) {
      String name = item.getStart().getText();
      if (found.getTokenIndex() - decisionStart.getTokenIndex() <= 1) {
        return "expected \"=\" (an attribute) or a label or \"{\" (a block) after " + quote(name)
            + ", found " + what;
      }
      return "expected a label or \"{\" for the block " + quote(name) + ", found " + what;
    }
    if (ctx instanceof BlockContext block) {
      if (block.LBRACE() == null) {
        return "expected a label or \"{\" for the block " + quote(block.name().getText()) + ", found " + what;
      }
      if (block.attribute() != null) {
        return "expected \"}\" to end the one-line block " + quote(block.name().getText())
            + " (a one-line block holds at most one attribute), found " + what;
      }
      return "expected a newline or \"}\" after \"{\" in the block " + quote(block.name().getText())
          + ", found " + what;
    }
    if (ctx instanceof ObjectContext) {
      return "expected \",\" or a newline after the object item, or \"}\", found " + what;
    }
    if (ctx instanceof ObjectItemContext item) {
      ExpressionContext key = item.expression(0);
      String named = key.getStart() == key.getStop() ? " " + quote(key.getText()) : "";
      return "expected \"=\" or \":\" after the object key" + named + ", found " + what;
    }
    if (ctx instanceof TupleContext) {
      return "expected \",\" or \"]\" after the tuple item, found " + what;
    }
    if (ctx instanceof ArgumentsContext || ctx instanceof FunctionCallContext) {
      FunctionCallContext call = (FunctionCallContext) (ctx instanceof FunctionCallContext ? ctx : ctx.getParent());
      if (expected != null && expected.contains(HclLexer.LPAREN)) {
        return "expected \"(\" after the function name " + quote(callName(call).replace("()", ""))
            + ", found " + what;
      }
      if (expected != null && expected.contains(HclLexer.IDENT)) {
        return "expected a function name after \"::\", found " + what;
      }
      return "expected \",\" or \")\" after the argument of " + callName(call) + ", found " + what;
    }
    if (ctx instanceof ConditionalExprContext) {
      return "expected \":\" after the first result of the conditional \"? :\", found " + what;
    }
    if (ctx instanceof ForIntroContext intro) {
      if (expected != null && expected.contains(HclLexer.IN)) {
        return "expected \"in\" after the variables of the for expression, found " + what;
      }
      if (expected != null && expected.contains(HclLexer.COLON)) {
        return "expected \":\" after the collection of the for expression, found " + what;
      }
      return "expected a variable name" + after(prev) + " in the for expression, found " + what;
    }
    if (ctx instanceof ForTupleContext) {
      return "expected \"if\" or \"]\" after the result of the for expression, found " + what;
    }
    if (ctx instanceof ForObjectContext) {
      if (expected != null && expected.contains(HclLexer.FAT_ARROW)) {
        return "expected \"=>\" after the key of the for expression, found " + what;
      }
      return "expected \"...\", \"if\" or \"}\" after the value of the for expression, found " + what;
    }
    if (ctx instanceof InterpolationContext in) {
      return "expected \"}\" to close the interpolation \"${\" opened at " + start(in.getStart()) + ", found "
          + what;
    }
    if ((ctx instanceof TemplateIfContext || ctx instanceof TemplateForContext || ctx instanceof TemplateElseContext)
        && (type == HclLexer.QUOTE_CLOSE || type == HclLexer.HEREDOC_END)) {
      boolean isIf = !(ctx instanceof TemplateForContext);
      ParserRuleContext directive = ctx instanceof TemplateElseContext ? ctx.getParent() : ctx;
      return "the directive \"%{ " + (isIf ? "if" : "for") + " }\" opened at " + start(directive.getStart())
          + " is not closed: \"%{ " + (isIf ? "endif" : "endfor") + " }\" expected before "
          + (type == HclLexer.QUOTE_CLOSE ? "the closing quote" : "the end of the heredoc");
    }
    if (ctx instanceof DirectiveCloseContext || ctx instanceof TemplateIfContext || ctx instanceof TemplateForContext) {
      if (expected != null && expected.contains(HclLexer.RBRACE)) {
        return "expected \"}\" to close the directive" + after(prev) + ", found " + what;
      }
    }
    if (ctx instanceof IndexContext) {
      return "expected \"]\" after the index, found " + what;
    }
    if (ctx instanceof ParensExprContext p) {
      return "expected \")\" to close the \"(\" opened at " + start(p.getStart()) + ", found " + what;
    }
    if (prev != null && prev.getType() == HclLexer.DOT
        && (ctx instanceof PostfixContext || ctx instanceof ExprTermContext)) {
      return "expected an attribute name, an index or \"*\" after \".\", found " + what;
    }
    if (ctx instanceof StandaloneExpressionContext) {
      return "expected " + input.end + after(prev) + ", found " + what;
    }
    return null;
  }

  private static String lastItem(ParserRuleContext body) {
    BodyItemContext last = null;
    if (body.children != null) {
      for (ParseTree child : body.children) {
        if (child instanceof BodyItemContext item) {
          last = item;
        }
      }
    }
    if (last == null) {
      return "the previous item";
    }
    if (last.attribute() != null) {
      return "the attribute " + quote(last.attribute().name().getText());
    }
    return "the block " + quote(last.block().name().getText());
  }

  private static String callName(FunctionCallContext call) {
    return String.join("::", call.IDENT().stream().map(TerminalNode::getText).toList()) + "()";
  }

  private static boolean isDirective(Token t) {
    return t.getType() == HclLexer.DIRECTIVE_OPEN || t.getType() == HclLexer.DIRECTIVE_OPEN_STRIP;
  }

  private static String start(Token t) {
    return t.getLine() + ":" + (t.getCharPositionInLine() + 1);
  }

  private String after(Token prev) {
    return prev == null ? "" : " after " + describe(prev);
  }

  // ------------------------------------------------------------------ tokens in words

  /** A token as a message names it: {@code "="}, {@code a newline}, {@code the number 12}, {@code a string}. */
  static String describe(Token t) {
    return switch (t.getType()) {
      case Token.EOF -> "the end of the input";
      case HclLexer.NL -> "a newline";
      case HclLexer.NUMBER -> "the number " + t.getText();
      case HclLexer.QUOTE -> "a string";
      case HclLexer.QUOTE_CLOSE -> "the closing quote of a string";
      case HclLexer.HEREDOC_START -> "a heredoc " + quote(t.getText().strip());
      case HclLexer.HEREDOC_END -> "the end of the heredoc " + quote(t.getText().strip());
      case HclLexer.TEXT, HclLexer.ESCAPE, HclLexer.ESCAPED_INTRO -> "the text " + quote(t.getText());
      case HclLexer.NEWLINE_TEXT -> "a newline";
      case HclLexer.INTERP_OPEN, HclLexer.INTERP_OPEN_STRIP -> "an interpolation " + quote(t.getText());
      case HclLexer.DIRECTIVE_OPEN, HclLexer.DIRECTIVE_OPEN_STRIP -> "a directive " + quote(t.getText());
      default -> quote(t.getText());
    };
  }

  /** The expected tokens in words: "an expression", "a name", {@code "}"}, joined with commas and "or". */
  private String expectation(IntervalSet expected) {
    if (expected == null || expected.isNil()) {
      return "something else";
    }
    Set<String> words = new LinkedHashSet<>();
    boolean continues = false;
    for (int type : expected.toList()) {
      switch (type) {
        case Token.EOF -> words.add(input.end);
        case HclLexer.NL -> words.add("a newline");
        case HclLexer.IDENT, HclLexer.FOR, HclLexer.IN, HclLexer.IF, HclLexer.ELSE, HclLexer.ENDIF,
            HclLexer.ENDFOR, HclLexer.TRUE, HclLexer.FALSE, HclLexer.NULL -> words.add("a name");
        case HclLexer.QUOTE -> words.add("a string");
        case HclLexer.STAR, HclLexer.SLASH, HclLexer.PERCENT, HclLexer.PLUS, HclLexer.MINUS, HclLexer.LT,
            HclLexer.GT, HclLexer.LE, HclLexer.GE, HclLexer.EQ, HclLexer.NE, HclLexer.AND, HclLexer.OR,
            HclLexer.QUESTION, HclLexer.DOT, HclLexer.LBRACK -> continues = true;
        case HclLexer.RBRACE, HclLexer.STRIP_CLOSE -> words.add("\"}\"");
        case HclLexer.DIRECTIVE_OPEN, HclLexer.DIRECTIVE_OPEN_STRIP -> words.add("\"%{\"");
        default -> {
          String literal = HclParser.VOCABULARY.getLiteralName(type);
          words.add(literal != null ? quote(literal.substring(1, literal.length() - 1))
              : HclParser.VOCABULARY.getSymbolicName(type));
        }
      }
    }
    if (words.isEmpty() && continues) {
      words.add("an operator");
    }
    List<String> list = new ArrayList<>(words);
    if (list.size() == 1) {
      return list.get(0);
    }
    return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
  }

  /** Text in double quotes, with control characters shown as escapes. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(cp -> {
      switch (cp) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        default -> out.appendCodePoint(cp);
      }
    });
    return out.append('"').toString();
  }
}
