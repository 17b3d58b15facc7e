package dev.farol.findings;

import dev.farol.tracer.Json;
import java.util.Collection;

/**
 * A finding as JSON, the one shape the doctor's {@code --json}, the server's query API and the UI share:
 *
 * <pre>{@code
 * {"code":"FAROL-H001","name":"handler-not-wrapped","severity":"error","function":"payments",
 *  "signals":["traces","cold-start span","log-trace correlation"],"title":"…","message":"…","why":"…",
 *  "evidence":{"file":"main.tf","line":12,"column":3,"path":"module.lambda.lambda_handler","excerpt":"…"},
 *  "fix":{"summary":"…","language":"hcl","diff":"…"},"docs":"docs/doctor.md#farol-h001-handler-not-wrapped"}
 * }</pre>
 *
 * Absent parts are left out. JDK only, so the extension can write it.
 */
public final class FindingJson {
  private FindingJson() {}

  /** One finding as a JSON object. */
  public static String of(Finding f) {
    StringBuilder b = new StringBuilder(512);
    write(f, b);
    return b.toString();
  }

  /** Findings as a JSON array. */
  public static String of(Collection<Finding> findings) {
    StringBuilder b = new StringBuilder(512 * Math.max(1, findings.size())).append('[');
    boolean first = true;
    for (Finding f : findings) {
      if (!first) {
        b.append(',');
      }
      first = false;
      write(f, b);
    }
    return b.append(']').toString();
  }

  /** Appends {@code f} as a JSON object. */
  public static void write(Finding f, StringBuilder b) {
    b.append("{\"code\":");
    quote(f.code().id(), b);
    b.append(",\"name\":");
    quote(f.code().slug(), b);
    b.append(",\"severity\":");
    quote(f.severity().label(), b);
    if (f.function() != null) {
      b.append(",\"function\":");
      quote(f.function(), b);
    }
    b.append(",\"signals\":[");
    boolean first = true;
    for (Signal s : f.signals()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      quote(s.label(), b);
    }
    b.append("],\"title\":");
    quote(f.code().title(), b);
    b.append(",\"message\":");
    quote(f.message(), b);
    b.append(",\"why\":");
    quote(f.why(), b);
    b.append(",\"evidence\":");
    evidence(f.evidence(), b);
    if (f.fix() != null) {
      b.append(",\"fix\":{\"summary\":");
      quote(f.fix().summary(), b);
      b.append(",\"language\":");
      quote(f.fix().language(), b);
      b.append(",\"diff\":");
      quote(f.fix().diff(), b);
      b.append('}');
    }
    b.append(",\"docs\":");
    quote("docs/doctor.md#" + f.code().anchor(), b);
    b.append('}');
  }

  private static void evidence(Evidence e, StringBuilder b) {
    b.append('{');
    int start = b.length();
    if (e.file() != null) {
      b.append("\"file\":");
      quote(e.file(), b);
      if (e.line() > 0) {
        b.append(",\"line\":").append(e.line());
      }
      if (e.column() > 0) {
        b.append(",\"column\":").append(e.column());
      }
    }
    if (e.path() != null) {
      b.append(b.length() > start ? "," : "").append("\"path\":");
      quote(e.path(), b);
    }
    if (e.excerpt() != null) {
      b.append(b.length() > start ? "," : "").append("\"excerpt\":");
      quote(e.excerpt(), b);
    }
    b.append('}');
  }

  private static void quote(String s, StringBuilder b) {
    Json.quote(b, s);
  }
}
