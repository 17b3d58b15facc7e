package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.ConfigFile;
import dev.farol.doctor.hcl.Expr;
import dev.farol.doctor.model.Site;
import java.util.function.Function;

/**
 * Where a value is written: the expression that holds it (a literal, a map or list literal, or an
 * expression that stands for it) in its file, and the path reports name it by. Or, for a value a module
 * call does not pass, where the argument would go in that call ({@link #insertCall}).
 *
 * @param insertCall the module call to add an argument {@link #insertKey} to, instead of editing the
 *     module's default
 */
record Origin(ConfigFile file, Expr expr, String path, TfScope scope, TfModule.Def insertCall, String insertKey) {

  static Origin of(ConfigFile file, Expr expr, String path, TfScope scope) {
    return new Origin(file, expr, path, scope, null, null);
  }

  /** The site of this origin, files named by {@code shown}. */
  Site site(Function<java.nio.file.Path, String> shown) {
    if (insertCall != null) {
      return insertInto(insertCall.block(), insertCall.file(), insertCall.name().isEmpty() ? path
          : "module." + insertCall.name() + "#" + insertKey, shown);
    }
    Site.Kind kind = expr instanceof Expr.Literal || expr instanceof Expr.Template ? Site.Kind.SCALAR
        : expr instanceof Expr.ObjectCons ? Site.Kind.MAP : expr instanceof Expr.Tuple ? Site.Kind.LIST
        : Site.Kind.EXPRESSION;
    var r = expr.range();
    return new Site(file.file(), shown.apply(file.file()), r.startLine(), r.startColumn(), r.endLine(), r.endColumn(),
        path, kind);
  }

  /** Where a new attribute of {@code block} goes: after its first line, at its attributes' indentation. */
  static Site insertInto(dev.farol.doctor.hcl.Block block, ConfigFile file, String path,
      Function<java.nio.file.Path, String> shown) {
    int line = block.range().startLine();
    int column = block.body().attributes().isEmpty() ? block.range().startColumn() + 2
        : block.body().attributes().get(0).range().startColumn();
    return new Site(file.file(), shown.apply(file.file()), line, column, line, column, path, Site.Kind.INSERT);
  }
}
