package dev.farol.doctor.hcl;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class HclStructureTest {

  private static ConfigFile parse(String text) {
    return Hcl.parse(Path.of("main.tf"), text);
  }

  @Test
  void attributesAndBlocksWithRanges() {
    ConfigFile f = parse("""
        region = "eu-west-1"
        resource "aws_lambda_function" this {
          memory_size = 512
        }
        """);
    Attribute region = f.body().attribute("region").orElseThrow();
    assertThat(region.range()).isEqualTo(new SourceRange(1, 1, 1, 21));
    assertThat(region.nameRange()).isEqualTo(new SourceRange(1, 1, 1, 7));
    assertThat(region.expr()).isEqualTo(new Expr.Literal("eu-west-1", new SourceRange(1, 10, 1, 21)));

    Block block = f.body().blocks("resource").get(0);
    assertThat(block.type()).isEqualTo("resource");
    assertThat(block.labels()).containsExactly("aws_lambda_function", "this");
    assertThat(block.range()).isEqualTo(new SourceRange(2, 1, 4, 2));
    assertThat(block.typeRange()).isEqualTo(new SourceRange(2, 1, 2, 9));
    assertThat(block.body().range()).isEqualTo(new SourceRange(2, 38, 4, 1));
    Attribute memory = block.body().attribute("memory_size").orElseThrow();
    assertThat(memory.expr()).isEqualTo(new Expr.Literal(new BigDecimal("512"), new SourceRange(3, 17, 3, 20)));
    assertThat(f.body().range()).isEqualTo(new SourceRange(1, 1, 5, 1));
    assertThat(f.text(memory.range())).isEqualTo("memory_size = 512");
  }

  @Test
  void oneLineAndEmptyBlocksAndManyLabels() {
    ConfigFile f = parse("""
        lifecycle { ignore_changes = [tags] }
        empty {}
        also_empty {
        }
        a b "c" d "e" {
          nested {}
        }""");
    Block one = f.body().blocks().get(0);
    assertThat(one.body().attributes()).extracting(Attribute::name).containsExactly("ignore_changes");
    assertThat(one.body().range()).isEqualTo(new SourceRange(1, 12, 1, 37));
    assertThat(f.body().blocks("empty").get(0).body().attributes()).isEmpty();
    assertThat(f.body().blocks("also_empty").get(0).body().blocks()).isEmpty();
    Block labelled = f.body().blocks("a").get(0);
    assertThat(labelled.labels()).containsExactly("b", "c", "d", "e");
    assertThat(labelled.body().blocks("nested")).hasSize(1);
    assertThat(f.body().blocks("missing")).isEmpty();
    assertThat(f.body().attribute("missing")).isEmpty();
  }

  @Test
  void commentsOfEveryKind() {
    ConfigFile f = parse("""
        # hash comment
        a = 1 // slashes
        /* block
           comment */ b = 2
        c = [ /* inline */ 3, # in a tuple
          4 ]
        """);
    assertThat(f.body().attributes()).extracting(Attribute::name).containsExactly("a", "b", "c");
    assertThat(f.body().attribute("c").orElseThrow().expr()).isInstanceOf(Expr.Tuple.class);
  }

  @Test
  void crlfLineEndingsAndByteOrderMark() {
    ConfigFile f = parse("\uFEFFa = 1\r\nb {\r\n  c = \"x\"\r\n}\r\n");
    assertThat(f.text()).startsWith("a = 1");
    assertThat(f.body().attribute("a").orElseThrow().range()).isEqualTo(new SourceRange(1, 1, 1, 6));
    Attribute c = f.body().blocks("b").get(0).body().attribute("c").orElseThrow();
    assertThat(c.range()).isEqualTo(new SourceRange(3, 3, 3, 10));
    assertThat(f.line(3)).isEqualTo("  c = \"x\"");
    assertThat(f.line(9)).isEmpty();
  }

  @Test
  void lastAttributeMayEndAtTheEndOfTheFile() {
    assertThat(parse("a = 1").body().attribute("a")).isPresent();
    assertThat(parse("").body().attributes()).isEmpty();
    assertThat(parse("\n\n# only a comment").body().blocks()).isEmpty();
  }

  @Test
  void keywordsAreNamesWhereNamesAreExpected() {
    ConfigFile f = parse("""
        for = 1
        if "in" {
          null = each.value.in
        }
        """);
    assertThat(f.body().attribute("for")).isPresent();
    Block b = f.body().blocks("if").get(0);
    Attribute n = b.body().attribute("null").orElseThrow();
    assertThat(n.expr()).isEqualTo(new Expr.Reference("each",
        List.of(new Step.Attr("value"), new Step.Attr("in")), new SourceRange(3, 10, 3, 23)));
  }

  @Test
  void identifiersMayHoldDashesAndUnicode() {
    ConfigFile f = parse("my-attr = 1\nnão = x-y\n");
    assertThat(f.body().attribute("my-attr")).isPresent();
    assertThat(f.body().attribute("não").orElseThrow().expr())
        .isEqualTo(new Expr.Reference("x-y", List.of(), new SourceRange(2, 7, 2, 10)));
  }

  @Test
  void textOfARangeCountsCodePoints() {
    ConfigFile f = parse("a = \"😀x\"\n");
    assertThat(f.text(f.body().attribute("a").orElseThrow().expr().range())).isEqualTo("\"😀x\"");
    assertThat(f.body().attribute("a").orElseThrow().range()).isEqualTo(new SourceRange(1, 1, 1, 9));
  }
}
