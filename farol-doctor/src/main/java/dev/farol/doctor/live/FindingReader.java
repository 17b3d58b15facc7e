package dev.farol.doctor.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import dev.farol.findings.Fix;
import dev.farol.findings.Severity;

/** A finding back from its one JSON shape ({@link dev.farol.findings.FindingJson}), as the server answers it. */
final class FindingReader {
  private FindingReader() {}

  /** @throws IllegalArgumentException naming the part that is missing or not valid */
  static Finding read(JsonNode f) {
    Code code = Code.of(text(f, "code"));
    Finding.Builder b = Finding.of(code).message(text(f, "message")).why(text(f, "why"));
    if (f.hasNonNull("severity")) {
      b.severity(Severity.of(f.get("severity").asText()));
    }
    if (f.hasNonNull("function")) {
      b.function(f.get("function").asText());
    }
    JsonNode e = f.path("evidence");
    Evidence evidence;
    if (e.hasNonNull("file")) {
      evidence = Evidence.at(e.get("file").asText(), e.path("line").asInt(0), e.path("column").asInt(0));
      if (e.hasNonNull("path")) {
        evidence = evidence.withPath(e.get("path").asText());
      }
    } else if (e.hasNonNull("path")) {
      evidence = Evidence.path(e.get("path").asText());
    } else {
      throw new IllegalArgumentException("a finding's evidence names a file or a path, got " + e);
    }
    if (e.hasNonNull("excerpt")) {
      evidence = evidence.withExcerpt(e.get("excerpt").asText());
    }
    b.evidence(evidence);
    JsonNode fix = f.path("fix");
    if (fix.isObject()) {
      b.fix(new Fix(text(fix, "summary"), fix.path("language").asText("text"), fix.path("diff").asText("")));
    }
    return b.build();
  }

  private static String text(JsonNode n, String field) {
    if (!n.hasNonNull(field)) {
      throw new IllegalArgumentException("a finding needs \"" + field + "\", got " + n);
    }
    return n.get(field).asText();
  }
}
