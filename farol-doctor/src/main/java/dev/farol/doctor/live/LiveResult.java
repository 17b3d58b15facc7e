package dev.farol.doctor.live;

import dev.farol.findings.Finding;
import java.util.List;

/**
 * The live check's verdict.
 *
 * @param traceId the invocation's trace id as stored, or {@code null} when it was not
 * @param hops every hop, in order
 * @param cause the first hop that broke, as a finding; {@code null} when every hop passed
 * @param findings the cause first, then what else the extension reported for the invocation
 */
public record LiveResult(String function, String requestId, String traceId, String callerTraceId, String via,
    List<HopResult> hops, Finding cause, List<Finding> findings) {

  public LiveResult {
    hops = List.copyOf(hops);
    findings = List.copyOf(findings);
  }

  /** 0 when every hop passed (or does not apply), 1 when one broke. */
  public int exitStatus() {
    return hops.stream().allMatch(HopResult::ok) ? 0 : 1;
  }

  /**
   * The hop to mend: the first that failed (hops that could not be told because of it may come before it: the
   * extension's, when its diagnostics never arrived), else the first that could not be told; {@code null} when
   * every hop passed.
   */
  public HopResult firstBroken() {
    return hops.stream().filter(h -> h.status() == dev.farol.findings.Hop.Status.FAILED).findFirst()
        .orElse(hops.stream().filter(h -> !h.ok()).findFirst().orElse(null));
  }
}
