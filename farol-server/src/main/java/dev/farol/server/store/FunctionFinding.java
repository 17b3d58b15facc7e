package dev.farol.server.store;

/**
 * A finding of a function, the latest of its code in a window.
 *
 * @param json the latest finding of that code ({@code FindingJson})
 * @param lastRequestId the invocation it was last found in
 * @param invocations how many invocations in the window had it
 */
public record FunctionFinding(String code, String json, String lastRequestId, long lastSeenNanos, long invocations) {}
