package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import dev.farol.findings.Severity;
import java.util.List;
import java.util.OptionalInt;

/**
 * Room for the extension: FAROL-C003 a timeout that leaves no time to flush, FAROL-C004 memory too small
 * for the runtime, its tracer and a telemetry extension. Lambda's defaults are 3 s and 128 MB.
 */
final class Capacity implements Check {
  static final int DEFAULT_TIMEOUT = 3;
  static final int DEFAULT_MEMORY = 128;

  @Override
  public void run(FunctionFacts f, Findings out) {
    if (f.traceReceivers().isEmpty() || f.localFarol()) {
      return;
    }
    String extension = f.traceReceivers().get(0).layer().get().describe();
    OptionalInt timeout = f.fn().timeout().absent() ? OptionalInt.of(DEFAULT_TIMEOUT) : f.fn().timeout().intValue();
    if (timeout.isPresent() && timeout.getAsInt() <= DEFAULT_TIMEOUT) {
      Val t = f.fn().timeout();
      out.add(Code.C003, f, t.site(), "The timeout is " + timeout.getAsInt() + " s" + (t.absent() ? " (Lambda's "
          + "default)" : "") + " with " + extension + " attached.", "The extension flushes after the handler, within "
          + "the same timeout; an invocation that runs close to it is cut off before its trace, last log lines and "
          + "timeout metric are sent, and a cold start (the extension's own start included) eats into it.",
          "Give the function room to flush: a timeout of at least 10 s.",
          List.of(new Change.SetSetting(Change.Setting.TIMEOUT, "10")));
    }
    OptionalInt memory = f.fn().memory().absent() ? OptionalInt.of(DEFAULT_MEMORY) : f.fn().memory().intValue();
    if (memory.isEmpty() || f.family() == null) {
      return;
    }
    int mb = memory.getAsInt();
    int needed = f.runtime().get().jvm() ? 512 : 256;
    if (mb < needed) {
      Val m = f.fn().memory();
      boolean tiny = mb <= DEFAULT_MEMORY;
      out.add(Code.C004, tiny ? Severity.ERROR : Severity.WARNING, f, m.site(), "The function has " + mb + " MB"
          + (m.absent() ? " (Lambda's default)" : "") + " for the " + f.fn().runtime().value() + " runtime, its tracer "
          + "and " + extension + ".", "The extension's memory counts against the function's; when the function runs "
          + "out, Lambda ends the environment and the extension with it, before its flush: that invocation's logs, "
          + "trace and out-of-memory metric are lost.", "Give it at least " + needed + " MB.",
          List.of(new Change.SetSetting(Change.Setting.MEMORY, Integer.toString(needed))));
    }
  }
}
