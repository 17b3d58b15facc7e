package dev.farol.doctor.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What one live invocation left behind, as the live check gathered it. The JSON parts are the query API's answers
 * (docs/api.md), {@code null} where it answered 404.
 *
 * @param function the function invoked
 * @param requestId its request id
 * @param callerTraceId the trace id of the {@code traceparent} the invocation was made with (32 hex digits)
 * @param callerSpanId the span id of that {@code traceparent} (16 hex digits)
 * @param outcome what the caller got back
 * @param diagnostics {@code GET /api/v1/invocations/{requestId}/diagnostics}
 * @param invocation {@code GET /api/v1/invocations/{requestId}}
 * @param logs the {@code logs} array of {@code GET /api/v1/logs?requestId=}, or {@code null}
 * @param callerTrace {@code GET /api/v1/traces/{callerTraceId}}
 * @param ownTrace {@code GET /api/v1/traces/{the invocation's trace id}} when that is another trace, else {@code null}
 * @param extensionLines what Farol's extension printed during the run, for the evidence of a failed flush
 */
public record LiveObservation(String function, String requestId, String callerTraceId, String callerSpanId,
    Outcome outcome, JsonNode diagnostics, JsonNode invocation, JsonNode logs, JsonNode callerTrace, JsonNode ownTrace,
    List<String> extensionLines) {

  public LiveObservation {
    Objects.requireNonNull(function, "function == null");
    Objects.requireNonNull(requestId, "requestId == null");
    Objects.requireNonNull(callerTraceId, "callerTraceId == null");
    Objects.requireNonNull(callerSpanId, "callerSpanId == null");
    Objects.requireNonNull(outcome, "outcome == null");
    extensionLines = List.copyOf(extensionLines);
  }

  /**
   * What the caller got back.
   *
   * @param via how the function was invoked, as reports say it ({@code the Invoke API},
   *     {@code GET /installments/1 through the API Gateway front})
   * @param errorType the function error's type ({@code Runtime.BadFunctionCode}, an exception class), or
   *     {@code null} when the function answered
   * @param errorMessage the function error's message, or {@code null}
   */
  public record Outcome(String via, String errorType, String errorMessage) {
    public Outcome {
      Objects.requireNonNull(via, "via == null");
    }

    public boolean failed() {
      return errorType != null;
    }
  }
}
