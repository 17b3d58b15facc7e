package dev.farol.doctor.fix;

import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.SourceText;
import dev.farol.doctor.model.Val;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns one {@link Change} into hunks against the lines the doctor read: a value replaced where it is
 * written, an entry or item added inside the map or list that holds its siblings (or a new one inserted
 * where the function is defined), a line removed.
 */
final class Edits {
  private final FunctionDef fn;
  private final Syntax syntax;
  /** Lines of the environment variables this fix removes: they are not there to hold a comma. */
  private final java.util.Set<Integer> removedLines = new java.util.HashSet<>();

  Edits(FunctionDef fn, List<Change> changes) {
    this.fn = fn;
    for (Change c : changes) {
      if (c instanceof Change.RemoveEnv r && fn.env().vars().containsKey(r.name())) {
        removedLines.add(fn.env().vars().get(r.name()).site().line());
      }
    }
    this.syntax = Syntax.of(fn.site().shown() != null ? fn.site().shown() : fn.site().path());
  }

  Syntax syntax() {
    return syntax;
  }

  List<Hunk> apply(Change c) {
    if (c instanceof Change.SetHandler h) {
      return set(fn.handler(), syntax.value(h.value()));
    }
    if (c instanceof Change.SetEnv e) {
      Val existing = fn.env().vars().get(e.name());
      return existing != null ? set(existing, syntax.value(e.value()))
          : add(fn.env().site(), e.name(), syntax.value(e.value()), fn.env().vars().values());
    }
    if (c instanceof Change.RemoveEnv r) {
      Val v = fn.env().vars().get(r.name());
      return v == null ? List.of() : removeEntry(v.site(), r.name());
    }
    if (c instanceof Change.RenameEnv r) {
      Val v = fn.env().vars().get(r.from());
      return v == null ? List.of() : renameKey(v.site(), r.from(), r.to());
    }
    if (c instanceof Change.AddLayer a) {
      return add(fn.layers().site(), null, syntax.value(a.arn()), fn.layers().items());
    }
    if (c instanceof Change.RemoveLayer r) {
      return removeItem(r.layer().site());
    }
    if (c instanceof Change.ReplaceLayer r) {
      return set(r.layer(), syntax.value(r.arn()));
    }
    if (c instanceof Change.AddPermission p) {
      return permission(p);
    }
    if (c instanceof Change.SetSetting s) {
      Val v = switch (s.setting()) {
        case TIMEOUT -> fn.timeout();
        case MEMORY -> fn.memory();
        case TRACING -> fn.tracing();
      };
      return set(v, s.setting() == Change.Setting.TRACING ? syntax.value(s.value()) : s.value());
    }
    return List.of();
  }

  // ------------------------------------------------------------------ replace a value

  private List<Hunk> set(Val v, String rendered) {
    Site s = v.site();
    if (s == null || s.file() == null) {
      return List.of();
    }
    if (s.kind() == Site.Kind.INSERT) {
      return insert(s, rendered, false);
    }
    String old = SourceText.line(s.file(), s.line());
    if (old == null) {
      return List.of();
    }
    String now;
    if (s.endLine() == s.line() && s.column() >= 1 && s.endColumn() - 1 <= old.length() && s.endColumn() > s.column()) {
      now = old.substring(0, s.column() - 1) + rendered + old.substring(s.endColumn() - 1);
    } else {
      now = indent(old) + key(old) + rendered;
    }
    return List.of(new Hunk(s.shown(), s.line(), List.of("-" + old, "+" + now)));
  }

  // ------------------------------------------------------------------ add an entry or an item

  /** Adds {@code key: rendered} (or, with no key, the item {@code rendered}) to the map or list at {@code s}. */
  private List<Hunk> add(Site s, String key, String rendered, Collection<Val> siblings) {
    if (s == null || s.file() == null) {
      return List.of();
    }
    String entry = key != null ? syntax.entry(key, rendered) : rendered;
    if (s.kind() == Site.Kind.INSERT) {
      return insert(s, key != null ? syntax.entry(key, rendered) : rendered, key == null);
    }
    if (s.kind() == Site.Kind.EXPRESSION) {
      return wrapExpression(s, key, rendered);
    }
    String first = SourceText.line(s.file(), s.line());
    if (first == null) {
      return List.of();
    }
    boolean flow = s.column() >= 1 && s.column() <= first.length() && "[{".indexOf(first.charAt(s.column() - 1)) >= 0;
    if (s.line() == s.endLine() && flow) {
      return addInline(s, first, key, entry);
    }
    if (syntax == Syntax.YAML && s.kind() == Site.Kind.LIST) {
      // a block sequence: a new "- item" after the last one, at the items' indentation
      String last = SourceText.line(s.file(), s.endLine());
      String itemIndent = indent(SourceText.line(s.file(), s.line()));
      return List.of(new Hunk(s.shown(), s.endLine(), List.of(" " + last, "+" + itemIndent + "- " + rendered)));
    }
    if (syntax == Syntax.YAML) {
      String last = SourceText.line(s.file(), s.endLine());
      String entryIndent = " ".repeat(Math.max(0, s.column() - 1));
      return List.of(new Hunk(s.shown(), s.endLine(), List.of(" " + last, "+" + entryIndent + entry)));
    }
    // HCL or JSON, written over several lines: before the closing line
    int closing = s.endLine();
    String close = SourceText.line(s.file(), closing);
    String prev = SourceText.line(s.file(), closing - 1);
    String entryIndent = s.endLine() > s.line() + 1 ? indent(SourceText.line(s.file(), s.line() + 1))
        : indent(close) + "  ";
    List<String> lines = new ArrayList<>();
    boolean needsComma = syntax == Syntax.JSON || key == null;
    String prevTrim = prev.strip();
    if (needsComma && !siblings.isEmpty() && !prevTrim.endsWith(",") && !prevTrim.endsWith("[")
        && !prevTrim.endsWith("{")) {
      lines.add("-" + prev);
      lines.add("+" + prev + ",");
    } else {
      lines.add(" " + prev);
    }
    lines.add("+" + entryIndent + entry + (key == null && syntax == Syntax.HCL ? "," : ""));
    lines.add(" " + close);
    return List.of(new Hunk(s.shown(), closing - 1, lines));
  }

  private List<Hunk> addInline(Site s, String line, String key, String entry) {
    int end = Math.min(line.length(), Math.max(0, s.endColumn() - 1));
    int close = Math.max(line.lastIndexOf(key != null ? '}' : ']', Math.max(0, end - 1)), -1);
    if (close < 0) {
      return wrapExpression(s, key, key != null ? entry : entry);
    }
    String before = line.substring(0, close).stripTrailing();
    boolean empty = before.endsWith(key != null ? "{" : "[");
    String gap = line.substring(before.length(), close);
    String now = empty ? before + (key != null && syntax != Syntax.JSON ? " " + entry + " " : entry) + line.substring(close)
        : before + ", " + entry + gap + line.substring(close);
    return List.of(new Hunk(s.shown(), s.line(), List.of("-" + line, "+" + now)));
  }

  /** The value is an expression (a variable, a merge): merge the addition into it. */
  private List<Hunk> wrapExpression(Site s, String key, String rendered) {
    String line = SourceText.line(s.file(), s.line());
    if (line == null || s.line() != s.endLine() || s.column() < 1 || s.endColumn() - 1 > line.length()) {
      return List.of();
    }
    String expr = line.substring(s.column() - 1, s.endColumn() - 1);
    String wrapped;
    if (syntax == Syntax.HCL) {
      wrapped = key != null ? "merge(" + expr + ", { " + key + " = " + rendered + " })"
          : "concat(" + expr + ", [" + rendered + "])";
    } else {
      return List.of();
    }
    String now = line.substring(0, s.column() - 1) + wrapped + line.substring(s.endColumn() - 1);
    return List.of(new Hunk(s.shown(), s.line(), List.of("-" + line, "+" + now)));
  }

  /** Writes what the insertion site's path names, nested, after its line. */
  private List<Hunk> insert(Site s, String leaf, boolean listItem) {
    List<String> keys = relativeKeys(s.path());
    String base = " ".repeat(Math.max(0, s.column() - 1));
    List<String> lines = new ArrayList<>();
    String context = SourceText.line(s.file(), s.line());
    if (context != null) {
      lines.add(" " + context);
    }
    if (keys.isEmpty()) {
      lines.add("+" + base + leaf);
      return List.of(new Hunk(s.shown(), s.line(), lines));
    }
    switch (syntax) {
      case HCL -> {
        String ind = base;
        for (int i = 0; i < keys.size() - 1; i++) {
          lines.add("+" + ind + keys.get(i) + " {");
          ind += "  ";
        }
        String last = keys.get(keys.size() - 1);
        if (listItem) {
          lines.add("+" + ind + last + " = [" + leaf + "]");
        } else if (leaf.contains(" = ")) {
          lines.add("+" + ind + last + " = {");
          lines.add("+" + ind + "  " + leaf);
          lines.add("+" + ind + "}");
        } else {
          lines.add("+" + ind + last + " = " + leaf);
        }
        for (int i = keys.size() - 2; i >= 0; i--) {
          ind = ind.substring(2);
          lines.add("+" + ind + "}");
        }
      }
      case YAML -> {
        String ind = base;
        for (int i = 0; i < keys.size() - 1; i++) {
          lines.add("+" + ind + keys.get(i) + ":");
          ind += "  ";
        }
        String last = keys.get(keys.size() - 1);
        if (listItem) {
          lines.add("+" + ind + last + ":");
          lines.add("+" + ind + "  - " + leaf);
        } else if (leaf.contains(": ")) {
          lines.add("+" + ind + last + ":");
          lines.add("+" + ind + "  " + leaf);
        } else {
          lines.add("+" + ind + last + ": " + leaf);
        }
      }
      default -> {
        String value = listItem ? "[" + leaf + "]" : leaf.contains("\": ") ? "{" + leaf + "}" : leaf;
        for (int i = keys.size() - 1; i >= 1; i--) {
          value = "{" + Syntax.json(keys.get(i)) + ": " + value + "}";
        }
        lines.add("+" + base + Syntax.json(keys.get(0)) + ": " + value + ",");
      }
    }
    return List.of(new Hunk(s.shown(), s.line(), lines));
  }

  /** The keys of {@code path} below the function's own path. */
  private List<String> relativeKeys(String path) {
    String own = fn.site().path();
    String rest = path;
    if (path != null && path.contains("#")) {
      rest = path.substring(path.indexOf('#') + 1);
    } else if (own != null && path != null && path.startsWith(own + ".")) {
      rest = path.substring(own.length() + 1);
    } else if (path != null && path.startsWith("$.")) {
      rest = path.substring(2);
    }
    return rest == null || rest.isEmpty() ? List.of() : List.of(rest.split("\\."));
  }

  // ------------------------------------------------------------------ permissions

  /**
   * A statement for the role: in Terraform a new {@code aws_iam_role_policy} after the role; in a template or
   * serverless.yml an item of the function's policies or the role's statements.
   */
  private List<Hunk> permission(Change.AddPermission p) {
    Site s = fn.policies().site();
    if (s == null || s.file() == null) {
      return List.of();
    }
    if (syntax == Syntax.HCL) {
      String role = s.path().substring(s.path().lastIndexOf('.') + 1);
      String close = SourceText.line(s.file(), s.endLine());
      return List.of(new Hunk(s.shown(), s.endLine(), List.of(" " + close, "+",
          "+resource \"aws_iam_role_policy\" \"" + role + "_datadog_api_key\" {",
          "+  role = aws_iam_role." + role + ".id",
          "+  policy = jsonencode({",
          "+    Version   = \"2012-10-17\"",
          "+    Statement = [{ Effect = \"Allow\", Action = \"" + p.action() + "\", Resource = \"" + p.resource() + "\" }]",
          "+  })",
          "+}")));
    }
    String statement = "{Effect: Allow, Action: '" + p.action() + "', Resource: '" + p.resource() + "'}";
    String item = fn.format() == dev.farol.doctor.model.Format.SERVERLESS ? statement : "Statement: [" + statement + "]";
    return s.kind() == Site.Kind.LIST || s.kind() == Site.Kind.INSERT ? add(s, null, item, List.of()) : List.of();
  }

  // ------------------------------------------------------------------ remove, rename

  private List<Hunk> removeEntry(Site s, String key) {
    String line = SourceText.line(s.file(), s.line());
    if (line == null) {
      return List.of();
    }
    String t = line.strip();
    String written = syntax == Syntax.JSON ? "\"" + key + "\"" : key;
    if (t.startsWith(written) || t.startsWith("\"" + key + "\"")) {
      int keep = s.line() - 1;
      while (removedLines.contains(keep)) {
        keep--;
      }
      String prev = SourceText.line(s.file(), keep);
      String next = SourceText.line(s.file(), s.line() + 1);
      boolean last = syntax == Syntax.JSON && !t.endsWith(",") && next != null && next.strip().startsWith("}");
      if (last && prev != null && prev.stripTrailing().endsWith(",")) {
        String p = prev.stripTrailing();
        List<Hunk> hunks = new ArrayList<>();
        hunks.add(new Hunk(s.shown(), keep, List.of("-" + prev, "+" + p.substring(0, p.length() - 1))));
        hunks.add(new Hunk(s.shown(), s.line(), List.of("-" + line)));
        return hunks;
      }
      return List.of(new Hunk(s.shown(), s.line(), List.of("-" + line)));
    }
    int k = line.indexOf(written);
    int end = Math.min(line.length(), Math.max(k, s.endColumn() - 1));
    if (k < 0) {
      return List.of();
    }
    String after = line.substring(end);
    String before = line.substring(0, k);
    if (after.matches("^\\s*,.*")) {
      after = after.replaceFirst("^\\s*,\\s*", before.endsWith(" ") || before.endsWith("{") ? "" : " ");
    } else {
      before = before.replaceFirst(",\\s*$", "");
    }
    return List.of(new Hunk(s.shown(), s.line(), List.of("-" + line, "+" + before + after)));
  }

  private List<Hunk> removeItem(Site s) {
    String line = SourceText.line(s.file(), s.line());
    if (line == null) {
      return List.of();
    }
    String written = s.line() == s.endLine() && s.endColumn() - 1 <= line.length() && s.column() >= 1
        ? line.substring(s.column() - 1, s.endColumn() - 1) : null;
    String t = line.strip().replaceFirst("^-\\s*", "").replaceFirst(",$", "");
    if (written == null || t.equals(written)) {
      return List.of(new Hunk(s.shown(), s.line(), List.of("-" + line)));
    }
    String now = (line.substring(0, s.column() - 1) + line.substring(s.endColumn() - 1))
        .replaceFirst(",\\s*,", ",").replaceFirst("\\[\\s*,\\s*", "[").replaceFirst(",\\s*]", "]");
    return List.of(new Hunk(s.shown(), s.line(), List.of("-" + line, "+" + now)));
  }

  private List<Hunk> renameKey(Site s, String from, String to) {
    String line = SourceText.line(s.file(), s.line());
    if (line == null) {
      return List.of();
    }
    int k = line.indexOf(from);
    if (k < 0 || (s.column() > 0 && k > s.column() - 1)) {
      return List.of();
    }
    String now = line.substring(0, k) + to + line.substring(k + from.length());
    return List.of(new Hunk(s.shown(), s.line(), List.of("-" + line, "+" + now)));
  }

  // ------------------------------------------------------------------ text helpers

  private static String indent(String line) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return line.substring(0, i);
  }

  /** The {@code key = } / {@code key: } a line starts with, or nothing. */
  private static String key(String line) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(-\\s+)?(\"?[\\w.-]+\"?\\s*[=:]\\s*)")
        .matcher(line);
    return m.find() ? m.group(2) : "";
  }
}
