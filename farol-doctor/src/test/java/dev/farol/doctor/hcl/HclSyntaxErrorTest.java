package dev.farol.doctor.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HclSyntaxErrorTest {

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("resource \"a\" \"b\" {\n  x = 1\n",
            "main.tf:3:1: the block \"resource\" opened at line 1 is not closed: \"}\" expected before the end of the file"),
        Arguments.of("variable \"x\" {\n  description = \"abc\n}\n",
            "main.tf:2:21: unterminated string: a closing quote is expected before the end of the line"),
        Arguments.of("locals {\n  handler =\n}\n",
            "main.tf:2:12: expected an expression after \"=\", found a newline"),
        Arguments.of("a = 1 b = 2\n", "main.tf:1:7: expected a newline after the attribute \"a\", found \"b\""),
        Arguments.of("}\n", "main.tf:1:1: unexpected \"}\": there is no open block to close"),
        Arguments.of("a = {\n b = 1 c = 2\n}\n",
            "main.tf:2:8: expected \",\" or a newline after the object item, or \"}\", found \"c\""),
        Arguments.of("a = [1 2]\n", "main.tf:1:8: expected \",\" or \"]\" after the tuple item, found the number 2"),
        Arguments.of("a = f(1 2)\n", "main.tf:1:9: expected \",\" or \")\" after the argument of f(), found the number 2"),
        Arguments.of("a = x ? 1\n",
            "main.tf:1:10: expected \":\" after the first result of the conditional \"? :\", found a newline"),
        Arguments.of("a = [for x xs : x]\n",
            "main.tf:1:12: expected \"in\" after the variables of the for expression, found \"xs\""),
        Arguments.of("a = [for x in xs x]\n",
            "main.tf:1:18: expected \":\" after the collection of the for expression, found \"x\""),
        Arguments.of("a = {for k, v in m : k v}\n",
            "main.tf:1:24: expected \"=>\" after the key of the for expression, found \"v\""),
        Arguments.of("a = \"${x\"\n",
            "main.tf:1:9: the interpolation \"${\" opened at 1:6 is not closed: \"}\" expected before the closing quote"),
        Arguments.of("a = \"%{ if x }y\"\n", "main.tf:1:16: the directive \"%{ if }\" opened at 1:6 is not closed:"
            + " \"%{ endif }\" expected before the closing quote"),
        Arguments.of("a = \"%{ else }\"\n", "main.tf:1:6: \"%{ else }\" without a matching \"%{ if }\""),
        Arguments.of("a = \"\\x\"\n", "main.tf:1:6: invalid escape sequence \"\\x\" in a string: the escapes are"
            + " \\n, \\r, \\t, \\\", \\\\, \\uNNNN and \\UNNNNNNNN"),
        Arguments.of("a = @\n", "main.tf:1:5: unexpected character \"@\""),
        Arguments.of("a = 1;\n", "main.tf:1:6: unexpected character \";\": attributes and blocks are separated by"
            + " newlines, and the items of a collection by commas"),
        Arguments.of("b { a = 1 c = 2 }\n", "main.tf:1:11: expected \"}\" to end the one-line block \"b\""
            + " (a one-line block holds at most one attribute), found \"c\""),
        Arguments.of("resource \"x\" = 1\n", "main.tf:1:14: expected a label or \"{\" for the block \"resource\", found \"=\""),
        Arguments.of("a = <<EOF\nabc\n", "main.tf:3:1: the heredoc \"<<EOF\" opened at line 1 is not closed:"
            + " a line holding only \"EOF\" is expected before the end of the file"),
        Arguments.of("/* abc\n", "main.tf:2:1: the comment opened with \"/*\" at line 1 is not closed:"
            + " \"*/\" is expected before the end of the file"),
        Arguments.of("a = (1 + 2\n", "main.tf:2:1: the \"(\" opened at line 1 is not closed: \")\" expected before the end of the file"),
        Arguments.of("a = f(1,\n", "main.tf:2:1: the call of f() opened at line 1 is not closed: \")\" expected before the end of the file"),
        Arguments.of("a = {a = 1\n", "main.tf:2:1: the object \"{\" opened at line 1 is not closed: \"}\" expected before the end of the file"),
        Arguments.of("a = x.\n", "main.tf:1:7: expected an attribute name, an index or \"*\" after \".\", found a newline"),
        Arguments.of("a = { a 1 }\n", "main.tf:1:9: expected \"=\" or \":\" after the object key \"a\", found the number 1"),
        Arguments.of("\"a\" = 1\n", "main.tf:1:1: expected an attribute or a block, found a string"),
        Arguments.of("b \"${x}\" {}\n", "main.tf:1:4: a block label must be a literal string, found an interpolation \"${\""),
        Arguments.of("a = x.1.2\n", "main.tf:1:7: a legacy index \".N\" must be a whole number, found \"1.2\":"
            + " write the index in brackets, as in [0]"),
        Arguments.of("b {\n a = 1 }\n", "main.tf:2:8: expected a newline after the attribute \"a\", found \"}\""),
        Arguments.of("a = ~}\n", "main.tf:1:5: unexpected \"~}\": a strip marker can only end an interpolation"
            + " \"${ }\" or a directive \"%{ }\""),
        Arguments.of("a = 1 +\n", "main.tf:1:8: expected an expression after \"+\", found a newline"),
        Arguments.of("a = \"abc", "main.tf:1:9: unterminated string: a closing quote is expected before the end of the file"),
        Arguments.of("a = \"\\U00110000\"\n", "main.tf:1:6: invalid escape sequence \"\\U00110000\": not a Unicode character"),
        Arguments.of("a = [for, x]\n", "main.tf:1:9: expected a name after \"for\", found \",\""));
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void firstErrorInPlainWords(String text, String message) {
    assertThatThrownBy(() -> Hcl.parse(Path.of("main.tf"), text))
        .isInstanceOf(HclSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void positionAndFileAreExposed() {
    HclSyntaxException e = catchThrowableOfType(() -> Hcl.parse(Path.of("modules/fn/x.tf"), "a = 1\nb = \n"),
        HclSyntaxException.class);
    assertThat(e.file()).isEqualTo(Path.of("modules/fn/x.tf"));
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(5);
    assertThat(e.reason()).isEqualTo("expected an expression after \"=\", found a newline");
    assertThat(e.getMessage()).isEqualTo("modules/fn/x.tf:2:5: " + e.reason());
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void expressionsAndTemplatesReportTheirOwnEnd() {
    assertThatThrownBy(() -> Hcl.parseExpression(Path.of("-var"), "1 +", 1, 1))
        .hasMessage("-var:1:4: expected an expression after \"+\", found the end of the expression");
    assertThatThrownBy(() -> Hcl.parseExpression(Path.of("-var"), "a b", 1, 1))
        .hasMessage("-var:1:3: expected the end of the expression after \"a\", found \"b\"");
    assertThatThrownBy(() -> Hcl.parseTemplate(Path.of("main.tf.json"), "x ${a", 3, 8))
        .hasMessage("main.tf.json:3:13: the interpolation \"${\" opened at line 3 is not closed:"
            + " \"}\" expected before the end of the template");
  }
}
