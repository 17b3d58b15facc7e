package dev.farol.server.store;

/**
 * One function in one bucket of its series, in full, for the function page's charts
 * ({@link Store#functionSeries(String, long, long, long)}): the bucket starts at {@code startNanos} (a multiple
 * of the step since the epoch) and counts what of it lies inside the window asked for.
 *
 * @param p50Ms the bucket's median duration, from its duration histogram (within 1%, clamped to the bucket's
 *     shortest and longest invocation); 0 when it has no invocations, as are {@code p95Ms} and {@code p99Ms}
 * @param inits init phases that ended in the bucket (Farol's extension's {@code aws.lambda.init} spans, one per
 *     cold start it saw begin)
 * @param initMeanMs their mean duration, 0 when there were none
 * @param initMaxMs the longest of them, 0 when there were none
 * @param maxMemoryUsedMb the largest memory used reported for the bucket's invocations (0 until reports arrive)
 * @param memorySizeMb the memory configured (the largest seen)
 */
public record FunctionPoint(long startNanos, long invocations, long errors, long coldStarts, double p50Ms,
    double p95Ms, double p99Ms, long inits, double initMeanMs, double initMaxMs, long maxMemoryUsedMb,
    long memorySizeMb) {}
