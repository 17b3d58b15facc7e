package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.fix.FixWriter;
import dev.farol.doctor.model.Site;
import dev.farol.findings.Code;
import dev.farol.findings.Finding;
import dev.farol.findings.Severity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Where checks put what they find, for one function at a time. */
public final class Findings {
  private final List<Finding> found = new ArrayList<>();
  private final Set<Code> codes = EnumSet.noneOf(Code.class);

  /** Reports {@code code} for {@code f}, seen at {@code where}, with its fix. */
  public void add(Code code, FunctionFacts f, Site where, String message, String why, String fixSummary,
      List<Change> changes) {
    add(code, code.severity(), f, where, message, why, fixSummary, changes);
  }

  /** Reports {@code code} with a severity of the check's own. */
  public void add(Code code, Severity severity, FunctionFacts f, Site where, String message, String why,
      String fixSummary, List<Change> changes) {
    Finding.Builder b = Finding.of(code).severity(severity).function(f.fn().name()).evidence(where.evidence())
        .message(message).why(why);
    if (fixSummary != null) {
      b.fix(FixWriter.write(f.fn(), fixSummary, changes));
    }
    found.add(b.build());
    codes.add(code);
  }

  /** Whether {@code code} was reported already (for the function being checked). */
  public boolean has(Code code) {
    return codes.contains(code);
  }

  /** What was found, in the order found; clears the per-function codes. */
  public List<Finding> drain() {
    List<Finding> out = List.copyOf(found);
    found.clear();
    codes.clear();
    return out;
  }
}
