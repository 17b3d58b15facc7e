package dev.farol.doctor.render;

import dev.farol.doctor.Report;
import dev.farol.findings.Finding;
import dev.farol.findings.Severity;
import dev.farol.findings.Signal;
import java.util.stream.Collectors;

/** The report for a terminal: each finding with where, what, why and the fix; a summary line last. */
public final class TextReport {
  private TextReport() {}

  public static String render(Report r) {
    StringBuilder b = new StringBuilder();
    for (String e : r.errors()) {
      b.append(e).append('\n');
    }
    if (!r.errors().isEmpty()) {
      b.append('\n');
    }
    b.append("farol doctor: ").append(r.functions().size()).append(r.functions().size() == 1 ? " function" : " functions");
    if (!r.inputs().isEmpty()) {
      b.append(" in ").append(String.join(", ", r.inputs()));
    }
    b.append("\n");
    // one misconfigured line (a Globals section, a shared variable) often breaks many functions alike
    java.util.Map<String, java.util.List<Finding>> groups = new java.util.LinkedHashMap<>();
    for (Finding f : r.findings()) {
      String key = f.code() + "|" + f.severity() + "|" + f.evidence().location() + "|"
          + (f.fix() != null ? f.fix().diff() : "") + "|" + (f.function() == null ? "" : f.message().replace(f.function(), ""));
      groups.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(f);
    }
    for (java.util.List<Finding> g : groups.values()) {
      b.append('\n');
      finding(g.get(0), b, g.stream().skip(1).map(Finding::function).filter(java.util.Objects::nonNull).toList());
    }
    b.append('\n').append(summary(r)).append('\n');
    return b.toString();
  }

  /** Appends one finding; {@code alike} names the other functions it stands for (the same line, the same fix). */
  public static void finding(Finding f, StringBuilder b, java.util.List<String> alike) {
    b.append(f.severity().label()).append(' ').append(f.code().id()).append(' ').append(f.code().slug());
    if (f.function() != null) {
      b.append("  ").append(f.function());
      if (!alike.isEmpty()) {
        b.append(" and ").append(alike.size()).append(" more: ").append(String.join(", ", alike));
      }
    }
    b.append("\n  at ").append(f.evidence().location()).append('\n');
    b.append(indent(f.message(), "  ")).append('\n');
    if (!f.signals().isEmpty()) {
      b.append("  loses: ").append(f.signals().stream().map(Signal::label).collect(Collectors.joining(", ")))
          .append('\n');
    }
    b.append(indent("why: " + f.why(), "  ")).append('\n');
    if (f.fix() != null) {
      b.append(indent("fix: " + f.fix().summary(), "  ")).append('\n');
      if (!f.fix().diff().isEmpty()) {
        b.append(indent(f.fix().diff(), "    ")).append('\n');
      }
    }
    b.append("  docs/doctor.md#").append(f.code().anchor()).append('\n');
  }

  static String summary(Report r) {
    long errors = r.count(Severity.ERROR);
    long warnings = r.count(Severity.WARNING);
    long notes = r.count(Severity.NOTE);
    String counts = errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning, "
        : " warnings, ") + notes + (notes == 1 ? " note" : " notes");
    return switch (r.exitStatus()) {
      case 2 -> counts + "; some input could not be read (exit 2)";
      case 1 -> counts + ": telemetry would be lost (exit 1)";
      default -> counts + ": nothing would lose telemetry";
    };
  }

  private static String indent(String s, String prefix) {
    return prefix + s.replace("\n", "\n" + prefix);
  }
}
