package dev.farol.server.store;

/** One metric data point (gauge or sum value, or a histogram's sum with its count). */
public record MetricRow(String name, String service, String function, long timeNanos, double value, long count,
    String attributes) {}
