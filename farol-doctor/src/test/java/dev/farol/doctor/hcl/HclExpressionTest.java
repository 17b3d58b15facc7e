package dev.farol.doctor.hcl;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.farol.doctor.hcl.Expr.*;

class HclExpressionTest {

  private static Expr expr(String text) {
    return Hcl.parseExpression(Path.of("x.tf"), text, 1, 1);
  }

  private static SourceRange r(int c1, int c2) {
    return new SourceRange(1, c1, 1, c2);
  }

  private static Literal num(String n, int c1, int c2) {
    return new Literal(new BigDecimal(n), r(c1, c2));
  }

  @Test
  void literals() {
    assertThat(expr("42")).isEqualTo(num("42", 1, 3));
    assertThat(expr("3.25")).isEqualTo(num("3.25", 1, 5));
    assertThat(((Literal) expr("1e3")).value()).isEqualTo(new BigDecimal("1e3"));
    assertThat(((Literal) expr("2.5E-2")).value()).isEqualTo(new BigDecimal("0.025"));
    assertThat(expr("true")).isEqualTo(new Literal(true, r(1, 5)));
    assertThat(expr("false")).isEqualTo(new Literal(false, r(1, 6)));
    assertThat(expr("null")).isEqualTo(new Literal(null, r(1, 5)));
    assertThat(expr("\"abc\"")).isEqualTo(new Literal("abc", r(1, 6)));
  }

  @Test
  void tuplesWithTrailingCommaAndNewlines() {
    assertThat(expr("[1, 2,]")).isEqualTo(new Tuple(List.of(num("1", 2, 3), num("2", 5, 6)), r(1, 8)));
    Tuple t = (Tuple) expr("[\n  \"a\",\n  \"b\"\n]");
    assertThat(t.items()).extracting(e -> ((Literal) e).value()).containsExactly("a", "b");
    assertThat(t.range()).isEqualTo(new SourceRange(1, 1, 4, 2));
    assertThat(expr("[]")).isEqualTo(new Tuple(List.of(), r(1, 3)));
  }

  @Test
  void objectsWithEveryKindOfKeyAndSeparator() {
    ObjectCons o = (ObjectCons) expr("{ a = 1, \"b\" = 2, (var.k) = 3, c: 4\n d = 5,\n}");
    assertThat(o.items()).hasSize(5);
    assertThat(o.items().get(0)).isEqualTo(new ObjectItem(new Literal("a", r(3, 4)), true, num("1", 7, 8)));
    assertThat(o.items().get(1)).isEqualTo(new ObjectItem(new Literal("b", r(10, 13)), false, num("2", 16, 17)));
    assertThat(o.items().get(2).key()).isEqualTo(new Parens(
        new Reference("var", List.of(new Step.Attr("k")), r(20, 25)), r(19, 26)));
    assertThat(o.items().get(2).bareKey()).isFalse();
    assertThat(o.items().get(3)).isEqualTo(new ObjectItem(new Literal("c", r(32, 33)), true, num("4", 35, 36)));
    assertThat(o.items().get(4).key()).isEqualTo(new Literal("d", new SourceRange(2, 2, 2, 3)));
    assertThat(expr("{}")).isEqualTo(new ObjectCons(List.of(), r(1, 3)));
  }

  @Test
  void referencesAndTheirSteps() {
    assertThat(expr("var.a[\"k\"].b")).isEqualTo(new Reference("var", List.of(new Step.Attr("a"),
        new Step.Index(new Literal("k", r(7, 10))), new Step.Attr("b")), r(1, 13)));
    assertThat(expr("a[0]")).isEqualTo(new Reference("a", List.of(new Step.Index(num("0", 3, 4))), r(1, 5)));
    assertThat(expr("aws_instance.web.0.id")).isEqualTo(new Reference("aws_instance", List.of(
        new Step.Attr("web"), new Step.Index(num("0", 18, 19)), new Step.Attr("id")), r(1, 22)));
    assertThat(expr("local.list[count.index]")).isEqualTo(new Reference("local", List.of(new Step.Attr("list"),
        new Step.Index(new Reference("count", List.of(new Step.Attr("index")), r(12, 23)))), r(1, 24)));
  }

  @Test
  void traversalsOfOtherExpressions() {
    assertThat(expr("(f(x)).a")).isEqualTo(new GetAttr(new Parens(new Call("f",
        List.of(new Reference("x", List.of(), r(4, 5))), false, r(2, 6)), r(1, 7)), "a", r(1, 9)));
    assertThat(expr("[1,2][0]")).isEqualTo(new IndexExpr(new Tuple(List.of(num("1", 2, 3), num("2", 4, 5)), r(1, 6)),
        num("0", 7, 8), r(1, 9)));
    assertThat(expr("f(x).a.b")).isInstanceOf(GetAttr.class);
  }

  @Test
  void splats() {
    assertThat(expr("a.*.b.c")).isEqualTo(new Splat(new Reference("a", List.of(), r(1, 2)),
        List.of(new Step.Attr("b"), new Step.Attr("c")), false, r(1, 8)));
    assertThat(expr("a[*].b[0]")).isEqualTo(new Splat(new Reference("a", List.of(), r(1, 2)),
        List.of(new Step.Attr("b"), new Step.Index(num("0", 8, 9))), true, r(1, 10)));
    assertThat(expr("a.*.b[0]")).isEqualTo(new IndexExpr(new Splat(new Reference("a", List.of(), r(1, 2)),
        List.of(new Step.Attr("b")), false, r(1, 6)), num("0", 7, 8), r(1, 9)));
    assertThat(expr("var.x[*]")).isEqualTo(new Splat(new Reference("var", List.of(new Step.Attr("x")), r(1, 6)),
        List.of(), true, r(1, 9)));
  }

  @Test
  void functionCalls() {
    assertThat(expr("f()")).isEqualTo(new Call("f", List.of(), false, r(1, 4)));
    Call c = (Call) expr("merge(\n  a,\n  b...\n)");
    assertThat(c.name()).isEqualTo("merge");
    assertThat(c.args()).hasSize(2);
    assertThat(c.expandLast()).isTrue();
    assertThat(((Call) expr("f(a, b,)")).expandLast()).isFalse();
    assertThat(expr("provider::aws::arn_parse(x)")).isEqualTo(new Call("provider::aws::arn_parse",
        List.of(new Reference("x", List.of(), r(26, 27))), false, r(1, 28)));
  }

  @Test
  void forExpressions() {
    assertThat(expr("[for x in xs : f(x) if c]")).isEqualTo(new For(null, "x", new Reference("xs", List.of(), r(11, 13)),
        null, new Call("f", List.of(new Reference("x", List.of(), r(18, 19))), false, r(16, 20)),
        new Reference("c", List.of(), r(24, 25)), false, r(1, 26)));
    For indexed = (For) expr("[for i, x in xs : x]");
    assertThat(indexed.keyVar()).isEqualTo("i");
    assertThat(indexed.valueVar()).isEqualTo("x");
    For object = (For) expr("{\n  for k, v in m :\n  k => v\n}");
    assertThat(object.keyExpr()).isEqualTo(new Reference("k", List.of(), new SourceRange(3, 3, 3, 4)));
    assertThat(object.grouping()).isFalse();
    assertThat(object.range()).isEqualTo(new SourceRange(1, 1, 4, 2));
    For grouped = (For) expr("{for k, v in m : v => k... if k != \"\"}");
    assertThat(grouped.grouping()).isTrue();
    assertThat(grouped.cond()).isInstanceOf(Binary.class);
  }

  @Test
  void operatorPrecedenceAndAssociativity() {
    Binary or = (Binary) expr("a || b && c == d + e * f");
    assertThat(or.op()).isEqualTo("||");
    Binary and = (Binary) or.right();
    assertThat(and.op()).isEqualTo("&&");
    Binary eq = (Binary) and.right();
    assertThat(eq.op()).isEqualTo("==");
    Binary plus = (Binary) eq.right();
    assertThat(plus.op()).isEqualTo("+");
    assertThat(((Binary) plus.right()).op()).isEqualTo("*");

    Binary div = (Binary) expr("x / y * z");
    assertThat(div.op()).isEqualTo("*");
    assertThat(((Binary) div.left()).op()).isEqualTo("/");
    assertThat(((Binary) expr("a < b != c >= d")).op()).isEqualTo("!=");
    assertThat(((Binary) expr("a - b % c")).op()).isEqualTo("-");
  }

  @Test
  void unaryAndParentheses() {
    assertThat(expr("-1")).isEqualTo(new Unary("-", num("1", 2, 3), r(1, 3)));
    Binary b = (Binary) expr("-a * b");
    assertThat(b.left()).isInstanceOf(Unary.class);
    assertThat(expr("!x.y")).isEqualTo(new Unary("!", new Reference("x", List.of(new Step.Attr("y")), r(2, 5)), r(1, 5)));
    Binary p = (Binary) expr("(a + b) * c");
    assertThat(p.left()).isInstanceOf(Parens.class);
    assertThat(expr("(\n  a\n)")).isEqualTo(new Parens(new Reference("a", List.of(), new SourceRange(2, 3, 2, 4)),
        new SourceRange(1, 1, 3, 2)));
  }

  @Test
  void conditionalsNestToTheRight() {
    Conditional c = (Conditional) expr("a ? b : c ? d : e");
    assertThat(c.otherwise()).isInstanceOf(Conditional.class);
    Conditional withOps = (Conditional) expr("x > 1 || y ? \"big\" : \"small\"");
    assertThat(withOps.cond()).isInstanceOf(Binary.class);
    assertThat(withOps.then()).isEqualTo(new Literal("big", r(14, 19)));
  }

  @Test
  void expressionPositionsStartWhereTheCallerSays() {
    Expr e = Hcl.parseExpression(Path.of("cli"), "var.x", 3, 10);
    assertThat(e.range()).isEqualTo(new SourceRange(3, 10, 3, 15));
    assertThat(Hcl.parseExpression(Path.of("cli"), "\n 1 \n", 1, 1)).isEqualTo(
        new Literal(BigDecimal.ONE, new SourceRange(2, 2, 2, 3)));
  }
}
