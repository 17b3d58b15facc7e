package dev.farol.server.store;

/** A trace in a search result. */
public record TraceSummary(byte[] traceId, String rootName, String service, long startNanos, long durationNanos,
    int spanCount, boolean error) {}
