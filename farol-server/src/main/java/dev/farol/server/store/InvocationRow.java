package dev.farol.server.store;

/**
 * One Lambda invocation, from its invocation span (and its report, when that came).
 *
 * @param maxMemoryUsedMb 0 until the invocation's report arrived
 * @param trigger the invocation span's {@code faas.trigger} ({@code http}, {@code pubsub}, {@code datasource},
 *     {@code timer}, {@code other}), or {@code null} when it had none (or was stored before Farol kept it)
 */
public record InvocationRow(String requestId, String function, byte[] traceId, long startNanos, double durationMs,
    boolean coldStart, String status, String errorType, long memorySizeMb, long maxMemoryUsedMb, long billedMs,
    String trigger) {}
