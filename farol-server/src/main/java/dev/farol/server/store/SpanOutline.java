package dev.farol.server.store;

/**
 * What the trace view needs of every span of a trace, without its attributes, events and links: its place in the
 * tree, its time, its service and name, its status. Ids are raw bytes (8 for spans).
 *
 * @param parentSpanId {@code null} for a span without a parent
 * @param statusCode 0 unset, 1 ok, 2 error (OTLP's values)
 */
public record SpanOutline(byte[] spanId, byte[] parentSpanId, String name, String service, long startNanos,
    long endNanos, int statusCode) {

  /** The outline of a stored span. */
  public static SpanOutline of(SpanRow s) {
    return new SpanOutline(s.spanId(), s.parentSpanId(), s.name(), s.service(), s.startNanos(), s.endNanos(),
        s.statusCode());
  }
}
