package dev.farol.doctor.hcl;

import java.nio.file.Path;
import java.util.function.Function;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses HCL2 native syntax: whole files, lone expressions and lone templates.
 *
 * <p>Parsing is two-stage: SLL prediction first, which is fast and right for nearly every input, and full LL
 * prediction only when SLL fails (on a real syntax error or on one of the rare inputs SLL cannot decide). The
 * second stage also produces the error message. Every method throws {@link HclSyntaxException} for the first
 * syntax error, with a message in plain words; ANTLR's own messages never escape.
 */
public final class Hcl {

  private static final char BOM = '\uFEFF';

  private Hcl() {
  }

  /**
   * Parses a configuration file.
   *
   * @param file the file's path, used only in messages and as {@link ConfigFile#file()}
   * @param text the file's contents; a leading UTF-8 byte order mark is ignored, and CRLF line endings are
   *             accepted
   */
  public static ConfigFile parse(Path file, String text) {
    String source = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
    HclParser parser = parser(file, source, 1, 1, HclLexer.DEFAULT_MODE);
    HclParser.ConfigFileContext tree = twoStage(parser, file, SyntaxMessages.Input.FILE, HclParser::configFile);
    return new ConfigFile(file, new AstBuilder(file).file(tree), source);
  }

  /**
   * Parses an expression given on its own, such as a {@code -var} value; positions start at
   * {@code line}:{@code column}.
   */
  public static Expr parseExpression(Path file, String text, int line, int column) {
    HclParser parser = parser(file, text, line, column, HclLexer.DEFAULT_MODE);
    var tree = twoStage(parser, file, SyntaxMessages.Input.EXPRESSION, HclParser::standaloneExpression);
    return new AstBuilder(file).expr(tree.expression());
  }

  /**
   * Parses a string's contents as a template (as Terraform's JSON syntax reads its strings): text with
   * {@code ${ }} interpolations and {@code %{ }} directives, no quotes and no backslash escapes. Positions
   * start at {@code line}:{@code column}. The result is a {@link Expr.Literal} string when there is no
   * interpolation or directive, a {@link Expr.Template} otherwise.
   */
  public static Expr parseTemplate(Path file, String text, int line, int column) {
    HclParser parser = parser(file, text, line, column, HclLexer.TEMPLATE);
    var tree = twoStage(parser, file, SyntaxMessages.Input.TEMPLATE, HclParser::standaloneTemplate);
    SourceRange range = Positions.of(tree);
    if (text.isEmpty()) {
      range = new SourceRange(line, column, line, column);
    }
    return new TemplateBuilder(file, new AstBuilder(file)::expr)
        .build(tree.templateBody(), TemplateBuilder.Kind.BARE, range);
  }

  private static HclParser parser(Path file, String text, int line, int column, int mode) {
    HclLexer lexer = new HclLexer(CharStreams.fromString(text, file.toString()));
    lexer.removeErrorListeners();
    lexer.file(file);
    lexer.setLine(line);
    lexer.setCharPositionInLine(column - 1);
    lexer.mode(mode);
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill(); // lexical errors first, before any parsing
    HclParser parser = new HclParser(tokens);
    parser.removeErrorListeners();
    return parser;
  }

  private static <T> T twoStage(HclParser parser, Path file, SyntaxMessages.Input input, Function<HclParser, T> rule) {
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    parser.setErrorHandler(new BailErrorStrategy());
    try {
      return rule.apply(parser);
    } catch (ParseCancellationException sllFailed) {
      parser.getInputStream().seek(0);
      parser.reset();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      parser.setErrorHandler(new SyntaxErrorStrategy(file, input));
      return rule.apply(parser);
    }
  }
}
