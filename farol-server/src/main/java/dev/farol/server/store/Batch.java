package dev.farol.server.store;

import java.util.List;

/** What one ingest request carried, written as a whole or not at all. */
public record Batch(List<SpanRow> spans, List<LogRow> logs, List<MetricRow> metrics) {
  public Batch {
    spans = List.copyOf(spans);
    logs = List.copyOf(logs);
    metrics = List.copyOf(metrics);
  }

  public static Batch ofSpans(List<SpanRow> spans) {
    return new Batch(spans, List.of(), List.of());
  }
}
