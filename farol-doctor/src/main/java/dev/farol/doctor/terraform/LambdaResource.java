package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.Attribute;
import dev.farol.doctor.hcl.Block;
import dev.farol.doctor.hcl.Body;
import dev.farol.doctor.hcl.Expr;
import dev.farol.doctor.model.Format;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Policies;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.Val;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An {@code aws_lambda_function} resource instance as a function definition: its arguments, its
 * {@code environment { variables }} and {@code tracing_config { mode }} blocks (written out or as
 * {@code dynamic} blocks), its role's permissions.
 */
final class LambdaResource {
  private LambdaResource() {}

  static FunctionDef of(TfModule.Def def, Expansion.Instance inst, Function<Path, String> shown, Val region,
      TfIam iam) {
    Block block = def.block();
    Body body = block.body();
    Settings s = new Settings(shown, inst.scope(), def.file());
    String address = inst.address();
    Site site = new Site(def.file().file(), shown.apply(def.file().file()), block.range().startLine(),
        block.range().startColumn(), block.range().endLine(), block.range().endColumn(), address, Site.Kind.MAP);
    Val name = s.scalar(expr(body, "function_name"), address + ".function_name", insert(def, address, "function_name", shown));
    Optional<Body> envBlock = nested(body, "environment", s);
    Expr variables = envBlock.flatMap(b -> b.attribute("variables")).map(Attribute::expr).orElse(null);
    List<Block> written = body.blocks("environment");
    Site envInsert = !written.isEmpty() ? Origin.insertInto(written.get(0), def.file(), address + "#variables", shown)
        : Origin.insertInto(block, def.file(), address + "#environment.variables", shown);
    Optional<Body> tracing = nested(body, "tracing_config", s);
    Val mode = s.scalar(tracing.flatMap(b -> b.attribute("mode")).map(Attribute::expr).orElse(null),
        address + ".tracing_config.mode", insert(def, address, "tracing_config.mode", shown));
    Path code = code(body, inst.scope(), s);
    Policies policies = body.attribute("role").map(a -> iam.of(a.expr(), inst.scope(), def.file()))
        .orElse(Policies.unknown());
    return new FunctionDef(name.known() ? name.value() : address, Format.TERRAFORM, site,
        s.scalar(expr(body, "handler"), address + ".handler", insert(def, address, "handler", shown)),
        s.scalar(expr(body, "runtime"), address + ".runtime", insert(def, address, "runtime", shown)),
        s.first(expr(body, "architectures"), address + ".architectures", insert(def, address, "architectures", shown)),
        s.scalar(expr(body, "memory_size"), address + ".memory_size", insert(def, address, "memory_size", shown)),
        s.scalar(expr(body, "timeout"), address + ".timeout", insert(def, address, "timeout", shown)), mode,
        s.scalar(expr(body, "package_type"), address + ".package_type", site),
        s.env(variables, address + ".environment.variables", envInsert),
        s.layers(expr(body, "layers"), address + ".layers", insert(def, address, "layers", shown)),
        code, policies, List.of(), region);
  }

  /**
   * The function's code on disk: its {@code filename}, or the {@code source_dir} (or {@code source_file}) of the
   * {@code data "archive_file"} whose {@code output_path} it is.
   */
  private static Path code(Body body, TfScope scope, Settings s) {
    Expr filename = expr(body, "filename");
    if (filename == null) {
      return null;
    }
    Path root = scope.instance().rootDir;
    if (filename instanceof Expr.Reference ref && ref.root().equals("data") && ref.steps().size() == 3
        && ref.steps().get(0) instanceof dev.farol.doctor.hcl.Step.Attr t && t.name().equals("archive_file")
        && ref.steps().get(1) instanceof dev.farol.doctor.hcl.Step.Attr n) {
      TfModule.Def archive = scope.instance().module.data.get("archive_file." + n.name());
      if (archive != null) {
        Settings inArchive = new Settings(p -> p.toString(), scope, archive.file());
        for (String attr : List.of("source_dir", "source_file")) {
          Optional<Attribute> a = archive.block().body().attribute(attr);
          if (a.isPresent()) {
            Optional<String> dir = inArchive.value(a.get().expr()).asString();
            if (dir.isPresent()) {
              Path p = root.resolve(dir.get()).normalize();
              return Files.exists(p) ? p : null;
            }
          }
        }
      }
      return null;
    }
    Optional<String> f = s.value(filename).asString();
    Path p = f.map(v -> root.resolve(v).normalize()).orElse(null);
    return p != null && Files.exists(p) ? p : null;
  }

  private static Expr expr(Body body, String name) {
    return body.attribute(name).map(Attribute::expr).orElse(null);
  }

  private static Site insert(TfModule.Def def, String address, String key, Function<Path, String> shown) {
    return Origin.insertInto(def.block(), def.file(), address + "#" + key, shown);
  }

  /**
   * The body of a nested block written out, or the {@code content} of a {@code dynamic} block of that name
   * whose {@code for_each} is not empty.
   */
  static Optional<Body> nested(Body body, String type, Settings s) {
    List<Block> direct = body.blocks(type);
    if (!direct.isEmpty()) {
      return Optional.of(direct.get(0).body());
    }
    for (Block d : body.blocks("dynamic")) {
      if (!d.labels().isEmpty() && d.labels().get(0).equals(type)) {
        Optional<Attribute> forEach = d.body().attribute("for_each");
        if (forEach.isPresent()) {
          var v = s.value(forEach.get().expr());
          if (v instanceof dev.farol.doctor.hcl.Value.ListV l && !l.open() && l.items().isEmpty()
              || v instanceof dev.farol.doctor.hcl.Value.MapV m && !m.open() && m.entries().isEmpty()) {
            return Optional.empty();
          }
        }
        List<Block> content = d.body().blocks("content");
        if (!content.isEmpty()) {
          return Optional.of(content.get(0).body());
        }
      }
    }
    return Optional.empty();
  }
}
