package dev.farol.doctor.hcl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.farol.doctor.hcl.Expr.Literal;
import dev.farol.doctor.hcl.Expr.Reference;
import dev.farol.doctor.hcl.Expr.Template;
import dev.farol.doctor.hcl.TemplatePart.Interpolation;
import dev.farol.doctor.hcl.TemplatePart.Text;

class HclTemplateTest {

  private static Expr expr(String text) {
    return Hcl.parseExpression(Path.of("t.tf"), text, 1, 1);
  }

  private static Expr attr(String file) {
    return Hcl.parse(Path.of("t.tf"), file).body().attribute("a").orElseThrow().expr();
  }

  private static Reference ref(String root, int line, int c1, int c2) {
    return new Reference(root, List.of(), new SourceRange(line, c1, line, c2));
  }

  @Test
  void escapesAreDecoded() {
    assertThat(((Literal) expr("\"a\\nb\\tc\\\"d\\\\e\\r\"")).value()).isEqualTo("a\nb\tc\"d\\e\r");
    assertThat(((Literal) expr("\"\\u00e9\\U0001F600\"")).value()).isEqualTo("é😀");
    assertThat(((Literal) expr("\"$${x} %%{y} $ % 100%\"")).value()).isEqualTo("${x} %{y} $ % 100%");
  }

  @Test
  void interpolations() {
    assertThat(expr("\"s${x}t\"")).isEqualTo(new Template(List.of(new Text("s"),
        new Interpolation(ref("x", 1, 5, 6)), new Text("t")), new SourceRange(1, 1, 1, 9)));
    assertThat(expr("\"${x}\"")).isEqualTo(new Template(List.of(new Interpolation(ref("x", 1, 4, 5))),
        new SourceRange(1, 1, 1, 7)));
    assertThat(expr("\"${\n  x\n}\"")).isInstanceOf(Template.class);
  }

  @Test
  void nestedTemplates() {
    Template outer = (Template) expr("\"${\"${a}-b\"}\"");
    Template inner = (Template) ((Interpolation) outer.parts().get(0)).expr();
    assertThat(inner.parts()).containsExactly(new Interpolation(ref("a", 1, 7, 8)), new Text("-b"));
    assertThat(inner.range()).isEqualTo(new SourceRange(1, 4, 1, 12));
  }

  @Test
  void stripMarkersRemoveAdjacentWhitespace() {
    assertThat(expr("\"hello ${~ \"world\" }\"")).isEqualTo(new Template(List.of(new Text("hello"),
        new Interpolation(new Literal("world", new SourceRange(1, 12, 1, 19)))), new SourceRange(1, 1, 1, 22)));
    Template t = (Template) expr("\"%{ if true ~} hello %{~ endif }\"");
    assertThat(t.parts()).containsExactly(new TemplatePart.If(new Literal(true, new SourceRange(1, 8, 1, 12)),
        List.of(new Text("hello")), List.of()));
    Template kept = (Template) expr("\"${x ~}  \"");
    assertThat(kept.parts()).containsExactly(new Interpolation(ref("x", 1, 4, 5)), new Text(""));
  }

  @Test
  void ifAndForDirectives() {
    Template t = (Template) expr("\"%{ if c }yes%{ else }no%{ endif }\"");
    assertThat(t.parts()).containsExactly(new TemplatePart.If(ref("c", 1, 8, 9), List.of(new Text("yes")),
        List.of(new Text("no"))));
    Template f = (Template) expr("\"%{ for i, x in xs }${i}=${x},%{ endfor }\"");
    assertThat(f.parts()).containsExactly(new TemplatePart.For("i", "x", ref("xs", 1, 17, 19), List.of(
        new Interpolation(ref("i", 1, 23, 24)), new Text("="), new Interpolation(ref("x", 1, 28, 29)),
        new Text(","))));
    Template single = (Template) expr("\"%{for x in xs}${x}%{endfor}\"");
    assertThat(((TemplatePart.For) single.parts().get(0)).keyVar()).isNull();
  }

  @Test
  void heredocs() {
    assertThat(attr("a = <<EOF\nline one\n  two ${x}\nEOF\n")).isEqualTo(new Template(List.of(
        new Text("line one\n  two "), new Interpolation(ref("x", 3, 9, 10)), new Text("\n")),
        new SourceRange(1, 5, 4, 4)));
    assertThat(attr("a = <<EOT\nplain \"text\" \\n\nEOT\n")).isEqualTo(
        new Literal("plain \"text\" \\n\n", new SourceRange(1, 5, 3, 4)));
    assertThat(((Literal) attr("a = <<EOF\nEOF\n")).value()).isEqualTo("");
    assertThat(((Literal) attr("a = <<EOF\r\nx\r\nEOF\r\n")).value()).isEqualTo("x\r\n");
    assertThat(((Literal) attr("a = <<EOF\nEOFX\n EOF \n")).value()).isEqualTo("EOFX\n");
  }

  @Test
  void indentedHeredocsRemoveTheSmallestIndentation() {
    String file = "a = <<-EOT\n    {\n      \"k\": ${v}\n\n    }\n    EOT\n";
    assertThat(attr(file)).isEqualTo(new Template(List.of(new Text("{\n  \"k\": "),
        new Interpolation(ref("v", 3, 14, 15)), new Text("\n\n}\n")), new SourceRange(1, 5, 6, 8)));
    assertThat(((Literal) attr("a = <<-EOT\n  a\n    b\n  EOT\n")).value()).isEqualTo("a\n  b\n");
    Template lineStart = (Template) attr("a = <<-EOT\n  a\n${x}\n  EOT\n");
    assertThat(lineStart.parts().get(0)).isEqualTo(new Text("  a\n"));
  }

  @Test
  void heredocsInsideCallsAndNestedInterpolation() {
    Expr.Call c = (Expr.Call) attr("a = jsonencode(<<EOF\n${x}\nEOF\n)\n");
    assertThat(c.args()).hasSize(1);
    assertThat(attr("a = \"${<<EOF\nin\nEOF\n}\"\n")).isEqualTo(new Template(List.of(new Interpolation(
        new Literal("in\n", new SourceRange(1, 8, 3, 4)))), new SourceRange(1, 5, 4, 3)));
  }

  @Test
  void bareTemplatesForJsonStrings() {
    assertThat(Hcl.parseTemplate(Path.of("main.tf.json"), "arn:${var.p}:x\n\"q\"", 4, 12)).isEqualTo(new Template(
        List.of(new Text("arn:"), new Interpolation(new Reference("var", List.of(new Step.Attr("p")),
            new SourceRange(4, 18, 4, 23))), new Text(":x\n\"q\"")), new SourceRange(4, 12, 5, 4)));
    assertThat(Hcl.parseTemplate(Path.of("main.tf.json"), "plain \\n $${x}", 1, 1))
        .isEqualTo(new Literal("plain \\n ${x}", new SourceRange(1, 1, 1, 15)));
    assertThat(Hcl.parseTemplate(Path.of("main.tf.json"), "", 2, 3))
        .isEqualTo(new Literal("", new SourceRange(2, 3, 2, 3)));
  }
}
