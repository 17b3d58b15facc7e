package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.Attribute;
import dev.farol.doctor.hcl.Block;
import dev.farol.doctor.hcl.ConfigFile;
import dev.farol.doctor.hcl.Hcl;
import dev.farol.doctor.hcl.HclSyntaxException;
import dev.farol.doctor.model.InputException;
import dev.farol.doctor.model.SourceText;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One Terraform module: the {@code *.tf} files of a directory, parsed, with their variables, locals,
 * outputs, resources, data sources, module calls and providers indexed. Syntax errors become
 * {@link InputException}s naming {@code file:line:column}.
 */
final class TfModule {
  /** A named definition: an attribute ({@code locals}) or a block, and the file it is written in. */
  record Def(String name, Attribute attribute, Block block, ConfigFile file) {}

  final Path dir;
  final List<ConfigFile> files = new ArrayList<>();
  final Map<String, Def> variables = new LinkedHashMap<>();
  final Map<String, Def> locals = new LinkedHashMap<>();
  final Map<String, Def> outputs = new LinkedHashMap<>();
  /** Resources by address ({@code aws_lambda_function.api}). */
  final Map<String, Def> resources = new LinkedHashMap<>();
  /** Data sources by address without {@code data.} ({@code aws_iam_policy_document.x}). */
  final Map<String, Def> data = new LinkedHashMap<>();
  final Map<String, Def> calls = new LinkedHashMap<>();
  final List<Def> providers = new ArrayList<>();

  private TfModule(Path dir) {
    this.dir = dir;
  }

  static TfModule load(Path dir, Function<Path, String> shown) {
    TfModule m = new TfModule(dir);
    List<Path> tf;
    try (Stream<Path> s = Files.list(dir)) {
      tf = s.filter(p -> p.getFileName().toString().endsWith(".tf") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new InputException(shown.apply(dir), "cannot be read: " + e.getMessage());
    }
    for (Path p : tf) {
      m.add(parse(p, shown));
    }
    return m;
  }

  /** Parses one file of HCL (a {@code .tf} or a {@code .tfvars}). */
  static ConfigFile parse(Path p, Function<Path, String> shown) {
    String text;
    try {
      text = Files.readString(p, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new InputException(shown.apply(p), "not UTF-8 text");
    } catch (IOException e) {
      throw new InputException(shown.apply(p), "cannot be read: " + e.getMessage());
    }
    try {
      ConfigFile f = Hcl.parse(p, text);
      SourceText.remember(p, f.text());
      return f;
    } catch (HclSyntaxException e) {
      throw new InputException(shown.apply(p) + ":" + e.line() + ":" + e.column(), e.reason());
    }
  }

  private void add(ConfigFile f) {
    files.add(f);
    for (Block b : f.body().blocks()) {
      List<String> l = b.labels();
      switch (b.type()) {
        case "variable" -> put(variables, l, 1, b, f);
        case "output" -> put(outputs, l, 1, b, f);
        case "module" -> put(calls, l, 1, b, f);
        case "locals" -> {
          for (Attribute a : b.body().attributes()) {
            locals.put(a.name(), new Def(a.name(), a, null, f));
          }
        }
        case "resource" -> {
          if (l.size() == 2) {
            resources.put(l.get(0) + "." + l.get(1), new Def(l.get(0) + "." + l.get(1), null, b, f));
          }
        }
        case "data" -> {
          if (l.size() == 2) {
            data.put(l.get(0) + "." + l.get(1), new Def(l.get(0) + "." + l.get(1), null, b, f));
          }
        }
        case "provider" -> providers.add(new Def(l.isEmpty() ? "" : l.get(0), null, b, f));
        default -> { }
      }
    }
  }

  private static void put(Map<String, Def> into, List<String> labels, int n, Block b, ConfigFile f) {
    if (labels.size() == n) {
      into.put(labels.get(0), new Def(labels.get(0), null, b, f));
    }
  }

  /** The resources of {@code type}. */
  List<Def> resources(String type) {
    return resources.values().stream().filter(d -> d.block().labels().get(0).equals(type)).toList();
  }
}
