package dev.farol.doctor.live;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The invocation's trace as the server stored it: the caller's trace when the invocation is in it, else the trace
 * of the invocation's own id; with its spans (or {@code null} spans when neither was found).
 *
 * @param traceId the invocation's trace id as stored (its invocation row, else its diagnostics), or {@code null}
 */
record StoredTrace(String traceId, JsonNode spans, String requestId, boolean inCallersTrace) {

  static StoredTrace of(LiveObservation o) {
    String traceId = o.invocation() != null ? o.invocation().path("traceId").asText(null)
        : o.diagnostics() != null ? o.diagnostics().path("traceId").asText(null) : null;
    JsonNode caller = o.callerTrace();
    if (caller != null && (traceId == null || traceId.equals(o.callerTraceId()))) {
      return new StoredTrace(o.callerTraceId(), caller.path("spans"), o.requestId(), true);
    }
    if (o.ownTrace() != null) {
      return new StoredTrace(traceId, o.ownTrace().path("spans"), o.requestId(), false);
    }
    return new StoredTrace(traceId, null, o.requestId(), false);
  }

  /** The span that stands for the invocation: its request id, on {@code aws.lambda} or a span with a trigger. */
  JsonNode invocationSpan() {
    if (spans == null) {
      return null;
    }
    for (JsonNode s : spans) {
      JsonNode a = s.path("attributes");
      if (requestId.equals(a.path("faas.invocation_id").asText(null))
          && (s.path("name").asText().equals("aws.lambda") || a.has("faas.trigger"))) {
        return s;
      }
    }
    return null;
  }

  /** The first span of that name, or {@code null}. */
  JsonNode named(String name) {
    if (spans == null) {
      return null;
    }
    for (JsonNode s : spans) {
      if (name.equals(s.path("name").asText())) {
        return s;
      }
    }
    return null;
  }
}
