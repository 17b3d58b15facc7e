package dev.farol.server.store;

/** A log search; {@code null} fields do not filter; {@code text} is a case-insensitive substring of the body. */
public record LogQuery(byte[] traceId, String requestId, String function, String text, long sinceNanos, int limit) {}
