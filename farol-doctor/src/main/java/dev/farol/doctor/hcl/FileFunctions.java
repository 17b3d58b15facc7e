package dev.farol.doctor.hcl;

import static dev.farol.doctor.hcl.Functions.lenient;
import static dev.farol.doctor.hcl.Functions.strict;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * File functions, through the scope's {@link FileAccess}: without access, or for a path that leaves the
 * confined tree, they give an unknown. A missing file is an error for {@code file} and {@code templatefile},
 * as in Terraform. {@code templatefile} renders the file as a template whose only variables are those of its
 * second argument (partially known variables are fine; an unknown one used makes the result unknown).
 * {@code basename} and {@code dirname} work on the text of the path alone.
 */
final class FileFunctions {

  private FileFunctions() {
  }

  static void register(Map<String, Functions.Def> lib) {
    strict(lib, "file", 1, 1, a -> {
      FileAccess.Content c = a.ev.scope.files().read(a.string(0));
      return switch (c.status()) {
        case FOUND -> Value.of(c.text());
        case MISSING -> throw a.fail("no file exists at " + SyntaxMessages.quote(a.string(0)));
        default -> a.unknown();
      };
    });
    strict(lib, "fileexists", 1, 1, a -> a.ev.scope.files().exists(a.string(0)).map(Value::of)
        .orElseGet(a::unknown));
    strict(lib, "abspath", 1, 1, a -> a.ev.scope.files().absolute(a.string(0)).map(Value::of)
        .orElseGet(a::unknown));
    strict(lib, "basename", 1, 1, a -> Value.of(basename(a.string(0))));
    strict(lib, "dirname", 1, 1, a -> Value.of(dirname(a.string(0))));
    lenient(lib, "templatefile", 2, 2, FileFunctions::templatefile);
  }

  private static Value templatefile(Args a) {
    if (!a.get(0).known() || a.get(1) instanceof Value.Unknown) {
      return a.unknown();
    }
    String path = a.string(0);
    Value.MapV vars = a.map(1);
    FileAccess.Content c = a.ev.scope.files().read(path);
    if (c.status() == FileAccess.Status.MISSING) {
      throw a.fail("no file exists at " + SyntaxMessages.quote(path));
    }
    if (c.status() != FileAccess.Status.FOUND) {
      return a.unknown();
    }
    Expr template;
    try {
      template = Hcl.parseTemplate(Path.of(path), c.text(), 1, 1);
    } catch (HclSyntaxException e) {
      throw a.fail("the template has a syntax error: " + e.getMessage());
    }
    Scope outer = a.ev.scope;
    Scope scope = new Scope() {
      @Override
      public Value resolve(Expr.Reference ref, List<Selector> selectors) {
        Value v = vars.entries().get(ref.root());
        if (v == null) {
          if (vars.open()) {
            return null;
          }
          throw new EvaluationException("the template variable " + SyntaxMessages.quote(ref.root())
              + " is not among the variables given to templatefile()");
        }
        return Values.traverse(v, selectors);
      }

      @Override
      public FileAccess files() {
        return outer.files();
      }
    };
    ConfigFile source = new ConfigFile(Path.of(path), new Body(List.of(), List.of(),
        new SourceRange(1, 1, 1, 1)), c.text());
    Value result = new Evaluation(scope, source, a.ev.depth + 1).eval(template);
    if (result instanceof Value.Unknown) {
      return a.unknown();
    }
    return result.asString().<Value>map(Value::of).orElse(result);
  }

  /** Go's filepath.Base. */
  static String basename(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return ".";
    }
    if (p.equals("/")) {
      return "/";
    }
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /** Go's filepath.Dir: everything before the last element, cleaned. */
  static String dirname(String path) {
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "." : path.substring(0, slash + 1);
    Path cleaned = Path.of(dir).normalize();
    String s = cleaned.toString();
    if (s.isEmpty()) {
      return slash == 0 ? "/" : ".";
    }
    return s;
  }
}
