package dev.farol.doctor.hcl;

import static dev.farol.doctor.hcl.TestScope.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaluatorTest {

  private final TestScope scope = new TestScope()
      .with("var", map("name", "api", "config", map("handler", "app.handler", "memory", Value.of(512)),
          "list", Value.list(List.of(Value.of("a"), Value.of("b"))),
          "fns", Value.list(List.of(map("id", "f1"), map("id", "f2"))),
          "unset", new Value.Unknown("var.unset", null)))
      .with("local", map("env", new Value.MapV(java.util.Map.of("A", Value.of("1")), true)));

  private String eval(String expr) {
    return scope.eval(expr).toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ¦ ", quoteCharacter = '`', value = {
    "1 + 2 * 3                        ¦ 7",
    "(1 + 2) * 3                      ¦ 9",
    "10 / 4                           ¦ 2.5",
    "7 % 3                            ¦ 1",
    "-var.config.memory               ¦ -512",
    "\"2\" + 1                          ¦ 3",
    "1 == 1.0                         ¦ true",
    "1 == \"1\"                         ¦ false",
    "[1, \"a\"] == [1, \"a\"]             ¦ true",
    "3 >= 3 && 2 < 1 || !false        ¦ true",
    "var.name == \"api\" ? 1 : 2        ¦ 1",
    "\"${var.name}-fn\"                 ¦ `\"api-fn\"`",
    "\"${var.config.memory}\"           ¦ 512",
    "\"n=${var.config.memory}\"         ¦ `\"n=512\"`",
    "var.config[\"handler\"]            ¦ `\"app.handler\"`",
    "var.list[1]                      ¦ `\"b\"`",
    "var.list.0                       ¦ `\"a\"`",
    "var.list[\"1\"]                    ¦ `\"b\"`",
    "var.fns[*].id                    ¦ `[\"f1\", \"f2\"]`",
    "var.fns.*.id                     ¦ `[\"f1\", \"f2\"]`",
    "var.config.*.handler             ¦ `[\"app.handler\"]`",
    "null[*]                          ¦ []",
    "[for x in var.list : upper(x)]   ¦ `[\"A\", \"B\"]`",
    "[for i, x in var.list : i]       ¦ [0, 1]",
    "{for i, x in var.list : x => i}  ¦ `{a = 0, b = 1}`",
    "{for x in [\"a\", \"a\", \"b\"] : x => x...} ¦ `{a = [\"a\", \"a\"], b = [\"b\"]}`",
    "[for k, v in {b = 1, a = 2} : k] ¦ `[\"a\", \"b\"]`",
    "[for x in [1, 2, 3] : x if x > 1] ¦ [2, 3]",
    "\"%{ for x in var.list }${x};%{ endfor }\" ¦ `\"a;b;\"`",
    "\"%{ if var.name == \"api\" }yes%{ else }no%{ endif }\" ¦ `\"yes\"`",
    "{ (var.name) = 1, \"k\" = 2 }      ¦ `{api = 1, k = 2}`",
    "[1, 2][0]                        ¦ 1",
    "{a = {b = 3}}.a.b                ¦ 3",
    "\"${var.list}\"                  ¦ `[\"a\", \"b\"]`",
  })
  void knownValues(String expr, String expected) {
    assertThat(eval(expr)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ¦ ", quoteCharacter = '`', value = {
    "terraform.workspace                      ¦ (unknown: terraform.workspace)",
    "data.aws_ssm_parameter.key.value         ¦ (unknown: data.aws_ssm_parameter.key.value)",
    "\"${terraform.workspace}-api\"             ¦ `(unknown: \"${terraform.workspace}-api\")`",
    "module.layer.arn == \"x\"                  ¦ `(unknown: module.layer.arn == \"x\")`",
    "var.unset.handler                        ¦ (unknown: var.unset.handler)",
    "var.list[count.index]                    ¦ (unknown: var.list[count.index])",
    "local.env.B                              ¦ (unknown: local.env.B)",
    "local.env.A                              ¦ `\"1\"`",
    "module.x.on ? \"a\" : \"b\"                  ¦ `(unknown: module.x.on ? \"a\" : \"b\")`",
    "module.x.on ? \"same\" : \"same\"            ¦ `\"same\"`",
    "false && module.x.on                     ¦ false",
    "true || module.x.on                      ¦ true",
    "true && module.x.on                      ¦ (unknown: true && module.x.on)",
    "[\"a\", module.x.id]                       ¦ `[\"a\", (unknown: module.x.id)]`",
    "{A = \"1\", B = module.x.id}               ¦ `{A = \"1\", B = (unknown: module.x.id)}`",
    "[for x in module.x.list : x]             ¦ (unknown: [for x in module.x.list : x])",
    "[for x in concat(module.x.l, [\"a\"]) : upper(x)] ¦ `[\"A\", …]`",
    "{for x in [\"a\", module.x.k] : x => 1}     ¦ `{a = 1, …}`",
    "module.x.list[*].id                      ¦ (unknown: module.x.list[*].id)",
    "upper(module.x.name)                     ¦ (unknown: upper(module.x.name))",
    "provider::aws::arn_parse(\"arn:aws:s3\")   ¦ `(unknown: provider::aws::arn_parse(\"arn:aws:s3\"))`",
    "no_such_function(1)                      ¦ (unknown: no_such_function(1))",
    "-module.x.n                              ¦ (unknown: -module.x.n)",
    "merge(var.unset, {A = \"1\"})              ¦ `{A = \"1\", …}`",
  })
  void unknownValues(String expr, String expected) {
    assertThat(eval(expr)).isEqualTo(expected);
  }

  @Test
  void unknownsKeepTheirRange() {
    Value v = scope.eval("x = terraform.workspace".substring(4));
    assertThat(v).isEqualTo(new Value.Unknown("terraform.workspace", new SourceRange(1, 1, 1, 20)));
    assertThat(v.known()).isFalse();
    assertThat(Value.list(List.of(v)).known()).isFalse();
    assertThat(new Value.MapV(java.util.Map.of(), true).known()).isFalse();
    assertThat(Value.list(List.of(Value.of(1))).known()).isTrue();
  }

  @Test
  void valueHelpers() {
    assertThat(Value.of(1).asString()).contains("1");
    assertThat(new Value.Num(new java.math.BigDecimal("1.50")).asString()).contains("1.5");
    assertThat(new Value.Num(new java.math.BigDecimal("1e3"))).isEqualTo(Value.of(1000));
    assertThat(Value.of(true).asString()).contains("true");
    assertThat(Value.NULL.asString()).isEmpty();
    assertThat(Value.list(List.of()).asString()).isEmpty();
    assertThat(Value.NULL).hasToString("null");
    assertThat(map("my key", "v\n")).hasToString("{\"my key\" = \"v\\n\"}");
    assertThat(new Value.ListV(List.of(), true)).hasToString("[…]");
  }

  @Test
  void traverseForScopes() {
    Value config = map("handler", "h", "nested", Value.list(List.of(map("x", "y"))));
    assertThat(Values.traverse(config, List.of(new Selector.Attr("nested"), new Selector.Key(Value.of(0)),
        new Selector.Attr("x")))).isEqualTo(Value.of("y"));
    assertThat(Values.traverse(new Value.Unknown("data.x.y", null), List.of(new Selector.Attr("handler"),
        new Selector.Key(Value.of("k"))))).isEqualTo(new Value.Unknown("data.x.y.handler[\"k\"]", null));
    assertThatThrownBy(() -> Values.traverse(config, List.of(new Selector.Attr("runtime"))))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("there is no attribute \"runtime\" in this map (it has handler, nested)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ¦ ", quoteCharacter = '`', value = {
    "var.config.runtime      ¦ test.tf:1:1: there is no attribute \"runtime\" in this map (it has handler, memory)",
    "var.list[5]             ¦ test.tf:1:1: the index 5 is out of range: the list has 2 items",
    "var.list.name           ¦ `test.tf:1:1: cannot read the attribute \"name\" of a list: select an item first, as in [0].name, or all of them, as in [*].name`",
    "var.name.x              ¦ test.tf:1:1: cannot read the attribute \"x\" of the string \"api\"",
    "1 + \"a\"                 ¦ test.tf:1:5: the operator \"+\" needs a number, found the string \"a\"",
    "!1                      ¦ test.tf:1:2: the operator \"!\" needs a bool, found the number 1",
    "1 / 0                   ¦ test.tf:1:1: division by zero",
    "\"x${var.list}\"          ¦ `test.tf:1:5: cannot include a list in a string template: only strings, numbers and bools convert to strings (jsonencode() writes a list or a map as JSON)`",
    "\"a${null}\"              ¦ test.tf:1:5: cannot include null in a string template",
    "1 ? 2 : 3               ¦ test.tf:1:1: the condition of \"? :\" must be a bool, found the number 1",
    "[for x in 1 : x]        ¦ test.tf:1:11: a for expression needs a list, a set or a map to iterate over, found the number 1",
    "{for x in [1, 1] : x => x} ¦ `test.tf:1:20: the key \"1\" comes twice in this for expression: put \"...\" after the value to group the values of equal keys`",
    "{(null) = 1}            ¦ test.tf:1:2: an object key must be a string, found null",
  })
  void errorsAreEvaluationExceptionsWithPositions(String expr, String message) {
    assertThatThrownBy(() -> scope.eval(expr)).isInstanceOf(EvaluationException.class).hasMessage(message);
  }

  @Test
  void onlyTheChosenResultIsEvaluated() {
    assertThat(eval("length(var.list) > 5 ? var.list[5] : \"none\"")).isEqualTo("\"none\"");
  }
}
