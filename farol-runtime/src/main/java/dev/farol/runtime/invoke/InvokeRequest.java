package dev.farol.runtime.invoke;

import java.util.Objects;

/**
 * A request to run a function once.
 *
 * @param functionName name, {@code name:qualifier}, or full/partial ARN as callers send it
 * @param payload the event bytes (normally JSON)
 * @param clientContext client context as JSON text, or {@code null}
 * @param cognitoIdentity Cognito identity as JSON text, or {@code null}
 * @param traceHeader an {@code X-Amzn-Trace-Id} style header to hand to the runtime, or {@code null}
 * @param tailLog whether the caller wants the last 4 KB of the invocation's log
 */
public record InvokeRequest(
    String functionName,
    byte[] payload,
    String clientContext,
    String cognitoIdentity,
    String traceHeader,
    boolean tailLog) {

  public InvokeRequest {
    Objects.requireNonNull(functionName, "functionName == null");
    Objects.requireNonNull(payload, "payload == null");
  }

  public static InvokeRequest of(String functionName, byte[] payload) {
    return new InvokeRequest(functionName, payload, null, null, null, false);
  }
}
