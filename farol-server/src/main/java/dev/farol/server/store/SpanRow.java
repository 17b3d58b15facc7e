package dev.farol.server.store;

/**
 * One span as stored. Ids are raw bytes (16 for traces, 8 for spans); attributes, events and links are
 * JSON text (attributes as an object, events and links as arrays).
 *
 * @param kind OTLP span kind name without prefix: {@code INTERNAL}, {@code SERVER}, {@code CLIENT}, …
 * @param statusCode 0 unset, 1 ok, 2 error (OTLP's values)
 * @param function the Lambda function the span belongs to ({@code faas.name}), or {@code null}
 * @param requestId the invocation's request id ({@code faas.invocation_id}), or {@code null}
 */
public record SpanRow(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name, String service, String kind,
    long startNanos, long endNanos, int statusCode, String statusMessage, String attributes, String events,
    String links, String function, String requestId) {}
