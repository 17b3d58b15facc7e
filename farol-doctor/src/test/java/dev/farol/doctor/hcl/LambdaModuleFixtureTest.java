package dev.farol.doctor.hcl;

import static dev.farol.doctor.hcl.TestScope.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A realistic module parsed and partly evaluated with a simple scope: locals that refer to each other,
 * for_each over a map of functions, merge/concat/compact/lookup, dynamic blocks, jsonencode and a heredoc.
 */
class LambdaModuleFixtureTest {

  private final ConfigFile file = load();

  private static ConfigFile load() {
    try (InputStream in = LambdaModuleFixtureTest.class.getResourceAsStream("/hcl/lambda-module.tf")) {
      return Hcl.parse(Path.of("lambda-module.tf"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** var.* from a map, local.* by evaluating the locals block (lazily, so locals may refer to each other). */
  private final class ModuleScope implements Scope {
    private final Map<String, Value> vars;
    private final Map<String, Value> each;

    ModuleScope(Map<String, Value> vars, Map<String, Value> each) {
      this.vars = vars;
      this.each = each;
    }

    @Override
    public Value resolve(Expr.Reference ref, List<Selector> selectors) {
      if (selectors.isEmpty() || !(selectors.get(0) instanceof Selector.Attr first)) {
        return null;
      }
      List<Selector> rest = selectors.subList(1, selectors.size());
      return switch (ref.root()) {
        case "var" -> vars.containsKey(first.name()) ? Values.traverse(vars.get(first.name()), rest) : null;
        case "local" -> file.body().blocks("locals").get(0).body().attribute(first.name())
            .map(a -> Values.traverse(Evaluator.evaluate(a.expr(), this, file), rest)).orElse(null);
        case "each" -> each.containsKey(first.name()) ? Values.traverse(each.get(first.name()), rest) : null;
        default -> null;
      };
    }
  }

  private ModuleScope scope(Map<String, Value> each) {
    Map<String, Value> vars = new LinkedHashMap<>();
    vars.put("project", Value.of("shop"));
    vars.put("enable_tracing", Value.of(true));
    vars.put("subnet_ids", Value.NULL);
    vars.put("tags", map("team", "payments"));
    return new ModuleScope(vars, each);
  }

  private Block resource(String type) {
    return file.body().blocks("resource").stream().filter(b -> b.labels().get(0).equals(type)).findFirst().orElseThrow();
  }

  private Value attr(Block block, String name, Scope scope) {
    return Evaluator.evaluate(block.body().attribute(name).orElseThrow().expr(), scope, file);
  }

  @Test
  void structure() {
    assertThat(file.body().blocks()).extracting(Block::type)
        .containsExactly("locals", "resource", "resource", "data", "resource", "output");
    Block fn = resource("aws_lambda_function");
    assertThat(fn.labels()).containsExactly("aws_lambda_function", "this");
    assertThat(fn.body().blocks()).extracting(Block::type).containsExactly("environment", "dynamic");
    Block dynamic = fn.body().blocks("dynamic").get(0);
    assertThat(dynamic.labels()).containsExactly("vpc_config");
    assertThat(dynamic.body().blocks("content").get(0).body().attributes()).extracting(Attribute::name)
        .containsExactly("subnet_ids", "security_group_ids");
    assertThat(file.text(fn.body().attribute("handler").orElseThrow().range()))
        .isEqualTo("handler       = each.value.handler");
  }

  @Test
  void forEachOverTheMapOfFunctions() {
    Value functions = attr(resource("aws_lambda_function"), "for_each", scope(Map.of()));
    assertThat(functions).isInstanceOf(Value.MapV.class);
    Map<String, Value> entries = ((Value.MapV) functions).entries();
    assertThat(entries.keySet()).containsExactly("api", "worker");

    Block fn = resource("aws_lambda_function");
    ModuleScope api = scope(Map.of("key", Value.of("api"), "value", entries.get("api")));
    assertThat(attr(fn, "handler", api)).isEqualTo(Value.of("dev.farol.Api::handle"));
    assertThat(attr(fn, "memory_size", api)).isEqualTo(Value.of(1024));
    assertThat(attr(fn, "timeout", api)).isEqualTo(Value.of(30));
    assertThat(attr(fn, "function_name", api).toString())
        .isEqualTo("(unknown: \"${local.name_prefix}-${each.key}\")");
    assertThat(attr(fn, "layers", api).toString()).isEqualTo("[\"arn:aws:lambda:eu-west-1:123:layer:farol:1\", "
        + "\"arn:aws:lambda:eu-west-1:123:layer:otel:3\", …]");

    ModuleScope worker = scope(Map.of("key", Value.of("worker"), "value", entries.get("worker")));
    assertThat(attr(fn, "memory_size", worker)).isEqualTo(Value.of(512));
    assertThat(attr(fn, "timeout", worker)).isEqualTo(Value.of(120));
  }

  @Test
  void environmentIsAnOpenMapWithTheWrapper() {
    Block fn = resource("aws_lambda_function");
    ModuleScope api = scope(Map.of("key", Value.of("api")));
    Value env = attr(fn.body().blocks("environment").get(0), "variables", api);
    assertThat(env.toString()).isEqualTo("{LOG_LEVEL = \"INFO\", PROJECT = \"shop\", OTEL_SERVICE = (unknown: "
        + "\"${var.project}-${terraform.workspace}\"), AWS_LAMBDA_EXEC_WRAPPER = \"/opt/farol-wrapper\","
        + " FUNCTION = \"api\", …}");
    assertThat(((Value.MapV) env).open()).isTrue();
    assertThat(attr(fn, "tags", api).toString())
        .isEqualTo("{team = \"payments\", Name = (unknown: \"${local.name_prefix}-${each.key}\")}");
  }

  @Test
  void layersAreOpenBecauseTheExtraLayersAreUnset() {
    Value layers = Evaluator.evaluate(file.body().blocks("locals").get(0).body().attribute("layers").orElseThrow()
        .expr(), scope(Map.of()), file);
    assertThat(layers.toString()).isEqualTo("[\"arn:aws:lambda:eu-west-1:123:layer:farol:1\", …]");
  }

  @Test
  void dynamicBlockForEachIsEmptyWithoutSubnets() {
    Block dynamic = resource("aws_lambda_function").body().blocks("dynamic").get(0);
    assertThat(attr(dynamic, "for_each", scope(Map.of()))).isEqualTo(Value.list(List.of()));
  }

  @Test
  void jsonencodedPolicyAndHeredocPolicy() {
    Value logs = attr(resource("aws_iam_role_policy"), "policy", scope(Map.of()));
    assertThat(logs).isEqualTo(Value.of("{\"Statement\":[{\"Action\":[\"logs:CreateLogStream\","
        + "\"logs:PutLogEvents\"],\"Effect\":\"Allow\",\"Resource\":[\"arn:aws:logs:*:*:log-group:/aws/lambda/"
        + "shop-api:*\",\"arn:aws:logs:*:*:log-group:/aws/lambda/shop-worker:*\"]}],\"Version\":\"2012-10-17\"}"));

    Expr heredoc = resource("aws_iam_policy").body().attribute("policy").orElseThrow().expr();
    assertThat(heredoc).isInstanceOf(Expr.Template.class);
    assertThat(((Expr.Template) heredoc).parts().get(0))
        .isEqualTo(new TemplatePart.Text("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n"
            + "    \"Effect\": \"Allow\",\n    \"Action\": [\"xray:PutTraceSegments\"],\n    \"Resource\": \""));
    assertThat(Evaluator.evaluate(heredoc, scope(Map.of()), file).toString())
        .startsWith("(unknown: <<-POLICY\n    {");
  }

  @Test
  void outputOverResourcesIsUnknown() {
    Block output = file.body().blocks("output").get(0);
    assertThat(attr(output, "value", scope(Map.of())).toString())
        .isEqualTo("(unknown: { for k, fn in aws_lambda_function.this : k => fn.arn })");
  }
}
