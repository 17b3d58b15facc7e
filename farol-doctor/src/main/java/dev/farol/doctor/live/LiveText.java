package dev.farol.doctor.live;

import dev.farol.doctor.render.TextReport;
import dev.farol.findings.Finding;
import java.util.List;
import java.util.Locale;

/**
 * The live check for a terminal: how the function was invoked, each hop with its status and what was seen, the
 * cause in the static report's format ({@code dev.farol.doctor.render.TextReport}), and a summary line.
 *
 * <pre>
 * farol doctor --live clean-math: one invocation through the Invoke API, request 8f5c…, caller's trace 4bf9…
 *
 *   passed  handler-loaded   the runtime loaded the handler and ran it (the function answered)
 *   failed  wrapper-ran      the tracer's wrapper ran around the handler
 *   …
 *
 * error FAROL-H001 handler-not-wrapped  clean-math
 *   at invocation 8f5c…
 *   …
 *
 * wrapper-ran broke (exit 1)
 * </pre>
 */
public final class LiveText {
  private LiveText() {}

  public static String render(LiveResult r) {
    StringBuilder b = new StringBuilder();
    b.append("farol doctor --live ").append(r.function()).append(": one invocation through ").append(r.via())
        .append(", request ").append(r.requestId()).append(", caller's trace ").append(r.callerTraceId())
        .append("\n\n");
    for (HopResult h : r.hops()) {
      b.append(String.format(Locale.ROOT, "  %-7s %-16s %s", h.status().label(), h.hop().key(),
          h.hop().description()));
      if (!h.detail().isEmpty()) {
        b.append(" (").append(h.detail()).append(')');
      }
      b.append('\n');
    }
    for (Finding f : r.findings()) {
      b.append('\n');
      TextReport.finding(f, b, List.of());
    }
    b.append('\n');
    HopResult broken = r.firstBroken();
    b.append(broken == null ? "every hop passed (exit 0)" : broken.hop().key() + " broke (exit 1)").append('\n');
    return b.toString();
  }
}
