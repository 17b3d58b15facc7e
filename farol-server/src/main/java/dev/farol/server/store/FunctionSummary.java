package dev.farol.server.store;

/** A function's invocations since a moment, from the per-minute aggregates kept at ingest. */
public record FunctionSummary(String name, long invocations, long errors, long coldStarts, double p50Ms, double p95Ms,
    double p99Ms, long maxMemoryUsedMb, long memorySizeMb, double estimatedCostUsd) {}
