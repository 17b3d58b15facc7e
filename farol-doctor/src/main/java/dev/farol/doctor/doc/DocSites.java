package dev.farol.doctor.doc;

import dev.farol.doctor.model.Site;
import java.nio.file.Path;

/** Sites of the nodes of one YAML or JSON file. */
public final class DocSites {
  private final Path file;
  private final String shown;

  public DocSites(Path file, String shown) {
    this.file = file;
    this.shown = shown;
  }

  public Path file() {
    return file;
  }

  public String shown() {
    return shown;
  }

  /** Where {@code n} is written, named {@code path}. */
  public Site of(Node n, String path) {
    Site.Kind kind = n.tag() != null || Intrinsics.isIntrinsic(n) ? Site.Kind.EXPRESSION
        : n instanceof Node.MapNode ? Site.Kind.MAP : n instanceof Node.Seq ? Site.Kind.LIST : Site.Kind.SCALAR;
    return new Site(file, shown, n.line(), n.column(), n.endLine(), n.endColumn(), path, kind);
  }

  /**
   * Where a new entry {@code path} of mapping {@code parent} would go: a line of its own before the
   * mapping's first entry, at that entry's indentation.
   */
  public Site insertInto(Node.MapNode parent, String path) {
    if (parent.entries().isEmpty()) {
      return new Site(file, shown, parent.line(), parent.column() + 2, parent.line(), parent.column() + 2, path,
          Site.Kind.INSERT);
    }
    Node.Scalar first = parent.entries().get(0).key();
    int line = Math.max(1, first.line() - 1);
    int column = first.column() + (file.toString().endsWith(".json") ? -1 : 0);
    return new Site(file, shown, line, Math.max(1, column), line, Math.max(1, column), path, Site.Kind.INSERT);
  }
}
