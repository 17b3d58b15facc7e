package dev.farol.extension;

import dev.farol.findings.Code;
import dev.farol.findings.Finding;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The extension's log lines for the invocations' findings: each code's line ({@link Surroundings#line}, which
 * starts with the code and name, {@code FAROL-H001 handler-not-wrapped: …}) printed once per environment, the
 * first time an invocation has it; later invocations carry the finding in their diagnostics only.
 */
final class FindingLog {
  private final Set<Code> printed = EnumSet.noneOf(Code.class);
  private final Consumer<String> log;

  FindingLog(Consumer<String> log) {
    this.log = log;
  }

  /** Prints the findings of these invocations whose code was not printed yet. */
  void report(List<InvocationHops> hops) {
    for (InvocationHops h : hops) {
      for (Finding f : h.findings()) {
        if (printed.add(f.code())) {
          log.accept(Surroundings.line(f));
        }
      }
    }
  }
}
