package dev.farol.server.store;

import java.util.List;
import java.util.Objects;

/**
 * A trace search with every filter the query API and the UI's trace search offer; {@code null} fields do not
 * filter. A trace matches when its start lies in {@code [sinceNanos, untilNanos]} and every filter holds.
 *
 * <p>Filters on the trace's own row (read from {@code traces}, never from the spans): {@code service} and
 * {@code rootName} (the root span's, exact), {@code error}, the duration range. Filters that any one of the trace's
 * spans may meet (each may be met by a different span): {@code function} (a span's {@code faas.name}),
 * {@code spanName} (a case-sensitive substring of a span's name), {@code route}, and each of {@code attributes}.
 *
 * @param error {@code true}: only traces with an error span; {@code false}: only those without
 * @param after where the previous page ended (results come newest first, by start then trace id), or {@code null}
 *     for the first page
 * @param limit traces on this page, at least 1
 */
public record TraceSearch(String service, String rootName, String function, String spanName, Route route,
    Boolean error, Long minDurationNanos, Long maxDurationNanos, List<AttributeFilter> attributes, long sinceNanos,
    long untilNanos, Position after, int limit) {
  public TraceSearch {
    attributes = List.copyOf(attributes);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  /** Whether a filter needs the spans (and not only the traces' rows). */
  public boolean filtersSpans() {
    return function != null || spanName != null || route != null || !attributes.isEmpty();
  }

  /** The same search from another position. */
  public TraceSearch from(Position position) {
    return new TraceSearch(service, rootName, function, spanName, route, error, minDurationNanos, maxDurationNanos,
        attributes, sinceNanos, untilNanos, position, limit);
  }

  /**
   * A span attribute equal to a value: strings compare as they are, numbers and booleans as JSON writes them
   * ({@code 200}, {@code true}).
   */
  public record AttributeFilter(String key, String value) {
    public AttributeFilter {
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(value, "value == null");
    }
  }

  /**
   * An HTTP route such as {@code POST /installments/{id}/payments} ({@code method} {@code null}: any method). A
   * span is on the route when its {@code http.route} attribute is {@code path} (and {@code http.request.method}
   * is {@code method}), or, for tracers that put the route only in the name, when it is named
   * {@code <method> <path>} or {@code aws.apigateway <method> <path>} (ending in {@code " " + path} without a method).
   */
  public record Route(String method, String path) {
    public Route {
      Objects.requireNonNull(path, "path == null");
    }
  }

  /** The last trace of a page: the next page starts after it. */
  public record Position(long startNanos, byte[] traceId) {}
}
