package dev.farol.findings;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finding, and an invocation's hops, as the attributes of the log record that carries them over OTLP
 * ({@link FindingAttributes}), and back. The extension writes them; Farol's server reads them back at ingest.
 *
 * <p>Worked example: {@code FAROL-H001} found by the extension becomes {@code farol.finding.code=FAROL-H001},
 * {@code farol.finding.name=handler-not-wrapped}, {@code farol.finding.severity=error},
 * {@code farol.finding.why=…}, {@code farol.finding.evidence=invocation 8f5c…},
 * {@code farol.finding.evidence.excerpt=_HANDLER=…}, {@code farol.finding.fix.summary=…},
 * {@code farol.finding.fix.language=text}, {@code farol.finding.fix.diff=…}, its message the record's body. Read
 * back, the evidence is a path (its location as written) with its excerpt.
 */
public final class FindingRecord {
  private FindingRecord() {}

  /** The finding's parts as attributes, in a stable order; absent parts are left out. */
  public static Map<String, String> attributes(Finding f) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(FindingAttributes.CODE, f.code().id());
    a.put(FindingAttributes.NAME, f.code().slug());
    a.put(FindingAttributes.SEVERITY, f.severity().label());
    a.put(FindingAttributes.WHY, f.why());
    a.put(FindingAttributes.EVIDENCE, f.evidence().location());
    if (f.evidence().excerpt() != null) {
      a.put(FindingAttributes.EVIDENCE_EXCERPT, f.evidence().excerpt());
    }
    if (f.fix() != null) {
      a.put(FindingAttributes.FIX_SUMMARY, f.fix().summary());
      a.put(FindingAttributes.FIX_LANGUAGE, f.fix().language());
      a.put(FindingAttributes.FIX_DIFF, f.fix().diff());
    }
    return a;
  }

  /**
   * The finding a record carries.
   *
   * @param message the record's body
   * @param function the function the record came from, or {@code null}
   * @throws IllegalArgumentException naming the attribute that is missing or not valid
   */
  public static Finding finding(Map<String, String> attributes, String message, String function) {
    String id = required(attributes, FindingAttributes.CODE);
    Code code;
    try {
      code = Code.of(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(FindingAttributes.CODE + " must be a Farol finding code such as "
          + "FAROL-H001, got '" + id + "'");
    }
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a " + FindingAttributes.FINDING_EVENT + " record's body is its message, "
          + "and it is empty");
    }
    Finding.Builder b = Finding.of(code).function(function).message(message)
        .why(required(attributes, FindingAttributes.WHY));
    String severity = attributes.get(FindingAttributes.SEVERITY);
    if (severity != null) {
      try {
        b.severity(Severity.of(severity));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(FindingAttributes.SEVERITY + " must be error, warning or note, got '"
            + severity + "'");
      }
    }
    Evidence evidence = Evidence.path(required(attributes, FindingAttributes.EVIDENCE));
    String excerpt = attributes.get(FindingAttributes.EVIDENCE_EXCERPT);
    b.evidence(excerpt == null ? evidence : evidence.withExcerpt(excerpt));
    String summary = attributes.get(FindingAttributes.FIX_SUMMARY);
    if (summary != null) {
      String language = attributes.get(FindingAttributes.FIX_LANGUAGE);
      String diff = attributes.get(FindingAttributes.FIX_DIFF);
      b.fix(new Fix(summary, language == null ? "text" : language, diff == null ? "" : diff));
    }
    return b.build();
  }

  /**
   * The hops a hops record carries, in hop order; hops it leaves out are not in the map.
   *
   * @throws IllegalArgumentException for a {@code farol.hop.*} attribute that names no hop, or a status that is
   *     not {@code passed}, {@code failed}, {@code n/a} or {@code unknown}
   */
  public static Map<Hop, Hop.Status> hops(Map<String, String> attributes) {
    Map<Hop, Hop.Status> hops = new EnumMap<>(Hop.class);
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (!e.getKey().startsWith(FindingAttributes.HOP_PREFIX)) {
        continue;
      }
      String key = e.getKey().substring(FindingAttributes.HOP_PREFIX.length());
      Hop hop;
      try {
        hop = Hop.of(key);
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException(e.getKey() + " names no hop (hops: " + keys() + ")");
      }
      try {
        hops.put(hop, Hop.Status.of(e.getValue()));
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException(e.getKey() + " must be passed, failed, n/a or unknown, got '"
            + e.getValue() + "'");
      }
    }
    return hops;
  }

  private static String keys() {
    StringBuilder b = new StringBuilder();
    for (Hop h : Hop.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(h.key());
    }
    return b.toString();
  }

  private static String required(Map<String, String> attributes, String key) {
    String v = attributes.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("a " + FindingAttributes.FINDING_EVENT + " record needs " + key);
    }
    return v;
  }
}
