package dev.farol.server.store;

import java.util.Objects;

/**
 * A place in a list of invocations ordered newest first (by start time, then request id, both descending): the
 * invocation at {@code (startNanos, requestId)}, and which way the page from it goes. A page is found by this
 * position, not by an offset, so invocations that arrive between two pages neither repeat a row nor skip one.
 *
 * @param older the page after this place (toward older invocations); {@code false}: the page before it (newer)
 */
public record InvocationCursor(long startNanos, String requestId, boolean older) {
  public InvocationCursor {
    Objects.requireNonNull(requestId, "requestId == null");
  }

  /** The page after the invocation {@code row} (older ones). */
  public static InvocationCursor after(InvocationRow row) {
    return new InvocationCursor(row.startNanos(), row.requestId(), true);
  }

  /** The page before the invocation {@code row} (newer ones). */
  public static InvocationCursor before(InvocationRow row) {
    return new InvocationCursor(row.startNanos(), row.requestId(), false);
  }
}
