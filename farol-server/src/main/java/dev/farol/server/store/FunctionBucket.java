package dev.farol.server.store;

/**
 * One function's invocations in one bucket of a series: the bucket starts at {@code startNanos} (a multiple of
 * the series' step since the epoch) and counts what of it lies inside the window asked for.
 */
public record FunctionBucket(String function, long startNanos, long invocations, long errors, long coldStarts) {}
