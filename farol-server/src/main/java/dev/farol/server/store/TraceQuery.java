package dev.farol.server.store;

/**
 * A trace search; {@code null} fields do not filter.
 *
 * @param error {@code true}: only traces with an error span; {@code false}: only without; {@code null}: both
 */
public record TraceQuery(String service, String name, Boolean error, Long minDurationNanos, long sinceNanos,
    int limit) {}
