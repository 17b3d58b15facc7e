package dev.farol.runtime.env;

import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import java.util.concurrent.CompletableFuture;

/**
 * One invocation on its way through an execution environment.
 *
 * <p>Two moments matter to callers: {@link #response()} completes as soon as the runtime has answered
 * (or failed), which is when Lambda answers a synchronous caller; {@link #done()} completes when the
 * whole invoke phase is over (runtime and extensions back in {@code /next}, REPORT written), which is
 * when the log tail is complete.
 */
public final class Invocation {
  final String requestId;
  final InvokeRequest request;
  final String functionArn;
  /** The trace header the invocation came with (the caller's, or one the platform minted: no Parent then). */
  final String traceHeader;
  /** The invocation's own span id: the platform's span for it, and the Parent in the runtime's header. */
  final String spanId;
  /** The header the runtime gets: the same root and sampling, the invocation's own span as Parent. */
  final String runtimeTraceHeader;
  final long receivedNanos;
  /** Set when the invocation is handed to an environment. */
  volatile long deadlineEpochMs;
  volatile long startNanos;
  volatile boolean coldStart;
  /** START has been logged (a retried init logs it before the second attempt). */
  volatile boolean startLogged;
  /** Telemetry: when the runtime began and ended sending its response, how many bytes, and when it began. */
  volatile long responseStartNanos;
  volatile long responseEndNanos;
  volatile int producedBytes;
  volatile java.time.Instant startInstant;
  volatile boolean runtimeDoneSent;
  final CompletableFuture<InvokeResult> response = new CompletableFuture<>();
  final CompletableFuture<InvokeResult> done = new CompletableFuture<>();

  Invocation(String requestId, InvokeRequest request, String functionArn, String traceHeader) {
    this.requestId = requestId;
    this.request = request;
    this.functionArn = functionArn;
    this.traceHeader = traceHeader;
    this.spanId = String.format("%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong() | 1L);
    this.runtimeTraceHeader = runtimeTraceHeader(traceHeader, spanId);
    this.receivedNanos = System.nanoTime();
  }

  /**
   * The header the runtime gets ({@code Lambda-Runtime-Trace-Id}): the same root and sampling decision,
   * with the invocation's own span as Parent, so what a tracer in the function continues from that header
   * hangs under the invocation span.
   */
  private static String runtimeTraceHeader(String traceHeader, String spanId) {
    if (traceHeader == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    boolean parentSet = false;
    for (String part : traceHeader.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (b.length() > 0) {
        b.append(';');
      }
      if (p.startsWith("Parent=")) {
        b.append("Parent=").append(spanId);
        parentSet = true;
      } else {
        b.append(p);
        if (p.startsWith("Root=") && !parentSet) {
          b.append(";Parent=").append(spanId);
          parentSet = true;
        }
      }
    }
    return b.toString();
  }

  public String requestId() {
    return requestId;
  }

  /** Completes when the runtime has answered; the result carries no log tail yet. */
  public CompletableFuture<InvokeResult> response() {
    return response;
  }

  /** Completes at the end of the invoke phase, with the log tail when it was asked for. */
  public CompletableFuture<InvokeResult> done() {
    return done;
  }
}
