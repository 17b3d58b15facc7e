package dev.farol.doctor.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionsTest {

  private final TestScope scope = new TestScope();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ¦ ", quoteCharacter = '`', value = {
    "merge({a = 1, b = 2}, {b = 3}, null) ¦ {a = 1, b = 3}",
    "merge() ¦ {}",
    "merge({A = 1}, module.x.env) ¦ {A = 1, …}",
    "concat([\"a\"], [], [\"b\", \"c\"]) ¦ `[\"a\", \"b\", \"c\"]`",
    "concat(module.x.layers, [\"a\"]) ¦ `[\"a\", …]`",
    "compact([\"a\", \"\", null, \"b\"]) ¦ `[\"a\", \"b\"]`",
    "compact(concat(module.x.l, [\"\", \"c\"])) ¦ `[\"c\", …]`",
    "lookup({a = 1}, \"a\") ¦ 1",
    "lookup({a = 1}, \"b\", 2) ¦ 2",
    "lookup(merge(module.x.m, {a = 1}), \"b\", 2) ¦ (unknown: lookup(merge(module.x.m, {a = 1}), \"b\", 2))",
    "coalesce(\"\", null, \"a\", module.x.y) ¦ `\"a\"`",
    "coalesce(module.x.y, \"a\") ¦ (unknown: coalesce(module.x.y, \"a\"))",
    "coalescelist([], [\"a\"]) ¦ `[\"a\"]`",
    "format(\"%s-%d-%q-%v-%t-%%-%5s|%-4s|%03d|%.2f\", \"a\", 7, \"q\", true, false, \"r\", \"l\", 5, 3.14159) ¦ `\"a-7-\\\"q\\\"-true-false-%-    r|l   |005|3.14\"`",
    "format(\"%[2]s %[1]s %s %v\", \"a\", \"b\", [1]) ¦ `\"b a b [1]\"`",
    "join(\", \", [\"a\", \"b\"], [1]) ¦ `\"a, b, 1\"`",
    "split(\",\", \"a,b,,c\") ¦ `[\"a\", \"b\", \"\", \"c\"]`",
    "split(\",\", \"\") ¦ `[\"\"]`",
    "lower(\"AbC\") ¦ `\"abc\"`",
    "upper(\"abc\") ¦ `\"ABC\"`",
    "title(\"hello world-wide web\") ¦ `\"Hello World-Wide Web\"`",
    "trimspace(\"  a b \\n\") ¦ `\"a b\"`",
    "trim(\"?!hello?!\", \"!?\") ¦ `\"hello\"`",
    "trimprefix(\"helloworld\", \"hello\") ¦ `\"world\"`",
    "trimsuffix(\"helloworld\", \"world\") ¦ `\"hello\"`",
    "replace(\"1 + 2 + 3\", \"+\", \"-\") ¦ `\"1 - 2 - 3\"`",
    "replace(\"hello world\", \"/w(or)ld/\", \"$1-$${1}\") ¦ `\"hello or-or\"`",
    "substr(\"hello world\", 1, 4) ¦ `\"ello\"`",
    "substr(\"hello\", -3, -1) ¦ `\"llo\"`",
    "length(\"héllo\") ¦ 5",
    "length([1, module.x.y]) ¦ 2",
    "length({a = 1}) ¦ 1",
    "length(concat(module.x.l, [1])) ¦ (unknown: length(concat(module.x.l, [1])))",
    "element([\"a\", \"b\"], 3) ¦ `\"b\"`",
    "contains([\"a\", module.x.y], \"a\") ¦ true",
    "contains([\"a\", module.x.y], \"b\") ¦ `(unknown: contains([\"a\", module.x.y], \"b\"))`",
    "contains([\"a\"], \"b\") ¦ false",
    "keys({b = 1, a = 2}) ¦ `[\"a\", \"b\"]`",
    "values({b = 1, a = 2}) ¦ [2, 1]",
    "distinct([\"a\", \"b\", \"a\"]) ¦ `[\"a\", \"b\"]`",
    "flatten([[\"a\"], [[\"b\"], []], \"c\"]) ¦ `[\"a\", \"b\", \"c\"]`",
    "tolist([\"a\"]) ¦ `[\"a\"]`",
    "toset([\"b\", \"a\", \"b\"]) ¦ `[\"a\", \"b\"]`",
    "tomap({a = 1}) ¦ {a = 1}",
    "tostring(12) ¦ `\"12\"`",
    "tonumber(\"1.5\") ¦ 1.5",
    "tobool(\"true\") ¦ true",
    "tostring(null) ¦ null",
    "jsonencode({b = [1, \"x\"], a = true, c = null, d = \"<&>\"}) ¦ `\"{\\\"a\\\":true,\\\"b\\\":[1,\\\"x\\\"],\\\"c\\\":null,\\\"d\\\":\\\"\\\\u003c\\\\u0026\\\\u003e\\\"}\"`",
    "jsondecode(\"{\\\"a\\\": [1, 2.5, \\\"x\\\", null, false]}\") ¦ `{a = [1, 2.5, \"x\", null, false]}`",
    "try(tomap({a = 1}).x, \"fallback\") ¦ `\"fallback\"`",
    "try({a = 1}.b, {a = 1}.a) ¦ 1",
    "try(module.x.y, \"a\") ¦ (unknown: try(module.x.y, \"a\"))",
    "can({a = 1}.b) ¦ false",
    "can(1 + 1) ¦ true",
    "startswith(\"hello\", \"he\") ¦ true",
    "endswith(\"hello\", \"he\") ¦ false",
    "strcontains(\"hello\", \"ll\") ¦ true",
    "zipmap([\"a\", \"b\"], [1, 2]) ¦ {a = 1, b = 2}",
    "slice([1, 2, 3, 4], 1, 3) ¦ [2, 3]",
    "reverse([1, 2, 3]) ¦ [3, 2, 1]",
    "sort([\"b\", \"a\", \"c\"]) ¦ `[\"a\", \"b\", \"c\"]`",
    "max(1, 5, 3) ¦ 5",
    "max([2, 9]...) ¦ 9",
    "min(4, 2.5) ¦ 2.5",
    "one([]) ¦ null",
    "one([\"a\"]) ¦ `\"a\"`",
    "sum([1, 2, 3.5]) ¦ 6.5",
    "range(3) ¦ [0, 1, 2]",
    "range(1, 4) ¦ [1, 2, 3]",
    "range(10, 0, -4) ¦ [10, 6, 2]",
    "base64encode(\"hello\") ¦ `\"aGVsbG8=\"`",
    "base64decode(\"aGVsbG8=\") ¦ `\"hello\"`",
    "urlencode(\"a b&c~*\") ¦ `\"a+b%26c~%2A\"`",
    "regex(\"[a-z]+\", \"123abc456\") ¦ `\"abc\"`",
    "regex(\"(\\\\d+)-(\\\\d+)\", \"10-20\") ¦ `[\"10\", \"20\"]`",
    "regex(\"(?P<y>\\\\d{4})-(?P<m>\\\\d{2})\", \"2024-05\") ¦ `{y = \"2024\", m = \"05\"}`",
    "regexall(\"[0-9]\", \"a1b2\") ¦ `[\"1\", \"2\"]`",
    "basename(\"src/app/index.js\") ¦ `\"index.js\"`",
    "dirname(\"src/app/index.js\") ¦ `\"src/app\"`",
    "dirname(\"index.js\") ¦ `\".\"`",
    "setunion([\"b\"], [\"a\", \"b\"]) ¦ `[\"a\", \"b\"]`",
    "index([\"a\", \"b\"], \"b\") ¦ 1",
    "formatlist(\"%s=%s\", [\"a\", \"b\"], \"v\") ¦ `[\"a=v\", \"b=v\"]`",
    "chunklist([1, 2, 3], 2) ¦ [[1, 2], [3]]",
    "alltrue([true, \"true\"]) ¦ true",
    "anytrue([false]) ¦ false",
    "alltrue([]) ¦ true",
    "file(\"x.txt\") ¦ `(unknown: file(\"x.txt\"))`",
  })
  void library(String expr, String expected) {
    assertThat(scope.eval(expr).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ¦ ", quoteCharacter = '`', value = {
    "merge(\"a\") ¦ test.tf:1:7: merge(): argument 1 must be a map or an object, found the string \"a\"",
    "concat([1], 2) ¦ test.tf:1:13: concat(): argument 2 must be a list, a tuple or a set, found the number 2",
    "lookup({a = 1}, \"b\") ¦ test.tf:1:1: lookup(): the map has no key \"b\" and no default was given",
    "lookup({}) ¦ test.tf:1:1: lookup(): expects 2 or 3 arguments, found 1",
    "coalesce(null, \"\") ¦ test.tf:1:1: coalesce(): all the arguments are null or empty strings",
    "format(\"%d\", \"x\") ¦ test.tf:1:14: format(): argument 2 must be a number for %d, found the string \"x\"",
    "format(\"%s %s\", 1) ¦ test.tf:1:1: format(): the verb %s has no value to format: 1 value was given",
    "join(\",\", \"a\") ¦ test.tf:1:11: join(): argument 2 must be a list, a tuple or a set, found the string \"a\"",
    "element([], 0) ¦ test.tf:1:9: element(): argument 1 must not be an empty list",
    "one([1, 2]) ¦ test.tf:1:5: one(): argument 1 must have at most one item, found 2",
    "zipmap([\"a\"], []) ¦ test.tf:1:1: zipmap(): the two lists differ in length (1 keys, 0 values)",
    "slice([1], 0, 2) ¦ test.tf:1:15: slice(): argument 3 must be from 0 to 1, found 2",
    "index([\"a\"], \"z\") ¦ test.tf:1:1: index(): the list has no item \"z\"",
    "tonumber(\"x\") ¦ test.tf:1:10: tonumber(): argument 1 must be a number, found the string \"x\"",
    "tobool(1) ¦ test.tf:1:8: tobool(): argument 1 must be a bool, found the number 1",
    "jsondecode(\"{\") ¦ test.tf:1:12: jsondecode(): argument 1 is not valid JSON: it breaks off at line 1, column 2",
    "regex(\"[a-z]+\", \"123\") ¦ test.tf:1:1: regex(): the pattern \"[a-z]+\" does not match \"123\"",
    "regex(\"(\", \"x\") ¦ test.tf:1:7: regex(): argument 1 is not a valid regular expression: Unclosed group",
    "base64decode(\"!!\") ¦ test.tf:1:14: base64decode(): argument 1 is not valid base64: \"!!\"",
    "sum([]) ¦ test.tf:1:5: sum(): argument 1 must not be an empty list",
    "range(0, 5, -1) ¦ test.tf:1:1: range(): the step -1 never reaches 5 from 0",
    "substr(\"ab\", 5, 1) ¦ test.tf:1:14: substr(): argument 2 is past the end of the string (2 characters)",
    "formatlist(\"%s\", [\"a\"], [\"b\", \"c\"]) ¦ test.tf:1:25: formatlist(): argument 3 has 2 items, but an earlier list has 1",
    "try({}.a) ¦ test.tf:1:1: try(): no argument could be evaluated without an error",
    "max() ¦ test.tf:1:1: max(): expects at least 1 argument, found 0",
    "upper(\"a\", \"b\") ¦ test.tf:1:1: upper(): expects 1 argument, found 2",
    "concat([1]...) ¦ test.tf:1:1: concat(): argument 1 must be a list, a tuple or a set, found the number 1",
    "length(1...) ¦ test.tf:1:8: length(): the argument before \"...\" must be a list or a tuple, found the number 1",
  })
  void wrongArguments(String expr, String message) {
    assertThatThrownBy(() -> scope.eval(expr)).isInstanceOf(EvaluationException.class).hasMessage(message);
  }

  @Test
  void filesAreReadInsideTheirTreeOnly(@TempDir Path root) throws IOException {
    Path module = Files.createDirectories(root.resolve("modules/fn"));
    Files.writeString(module.resolve("policy.json.tpl"), "{\"Resource\": \"${arn}\"%{ for a in actions },\"${a}\"%{ endfor }}");
    Files.writeString(module.resolve("hello.txt"), "hello\n");
    Files.writeString(root.getParent().resolve("outside-" + root.getFileName() + ".txt"), "secret");
    TestScope files = new TestScope().files(FileAccess.confinedTo(root, root));

    assertThat(files.eval("file(\"modules/fn/hello.txt\")")).isEqualTo(Value.of("hello\n"));
    assertThat(files.eval("fileexists(\"modules/fn/hello.txt\")")).isEqualTo(Value.of(true));
    assertThat(files.eval("fileexists(\"modules/fn/nope.txt\")")).isEqualTo(Value.of(false));
    assertThat(files.eval("templatefile(\"modules/fn/policy.json.tpl\", {arn = \"arn:x\", actions = [\"s3:Get\"]})"))
        .isEqualTo(Value.of("{\"Resource\": \"arn:x\",\"s3:Get\"}"));
    assertThat(files.eval("templatefile(\"modules/fn/policy.json.tpl\", {arn = module.x.arn, actions = []})"))
        .hasToString("(unknown: templatefile(\"modules/fn/policy.json.tpl\", {arn = module.x.arn, actions = []}))");
    assertThat(files.eval("abspath(\"modules/fn\")")).isEqualTo(Value.of(module.toString()));
    String outside = "../outside-" + root.getFileName() + ".txt";
    assertThat(files.eval("file(\"" + outside + "\")")).isInstanceOf(Value.Unknown.class);
    assertThat(files.eval("fileexists(\"" + outside + "\")")).isInstanceOf(Value.Unknown.class);
    assertThatThrownBy(() -> files.eval("file(\"missing.txt\")"))
        .hasMessage("test.tf:1:1: file(): no file exists at \"missing.txt\"");
    assertThatThrownBy(() -> files.eval("templatefile(\"modules/fn/policy.json.tpl\", {arn = 1})"))
        .hasMessage("modules/fn/policy.json.tpl:1:34: the template variable \"actions\" is not among the"
            + " variables given to templatefile()");
  }
}
