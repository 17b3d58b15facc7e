package dev.farol.server.store;

/**
 * One log record as stored; trace and span ids are raw bytes or {@code null}.
 *
 * @param attributes JSON object text
 */
public record LogRow(long timeNanos, String severity, String body, String service, String function, String requestId,
    byte[] traceId, byte[] spanId, String attributes) {}
