package dev.farol.doctor.live;

import dev.farol.findings.Hop;
import java.util.Objects;

/**
 * One hop as the live check saw it.
 *
 * @param detail what was seen, in a few words ({@code 2 tracer spans}); empty when there is nothing to add
 */
public record HopResult(Hop hop, Hop.Status status, String detail) {
  public HopResult {
    Objects.requireNonNull(hop, "hop == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(detail, "detail == null");
  }

  /** Passed, or does not apply. */
  public boolean ok() {
    return status == Hop.Status.PASSED || status == Hop.Status.NOT_APPLICABLE;
  }
}
