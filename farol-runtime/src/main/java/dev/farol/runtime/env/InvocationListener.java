package dev.farol.runtime.env;

import dev.farol.runtime.config.FunctionConfig;

/** Told about every finished invocation, as the platform's REPORT tells (for metrics and tests). */
@FunctionalInterface
public interface InvocationListener {
  InvocationListener NONE = (fn, requestId, coldStart, durationMs, initDurationMs, maxMemoryKb, status, errorType) -> { };

  /**
   * @param initDurationMs the init duration for a cold start, else -1
   * @param status {@code null} on success, else {@code error} or {@code timeout}
   * @param errorType the error type when the invocation failed, else {@code null}
   */
  void finished(FunctionConfig fn, String requestId, boolean coldStart, double durationMs, double initDurationMs,
      long maxMemoryKb, String status, String errorType);
}
