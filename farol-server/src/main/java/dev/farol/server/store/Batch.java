package dev.farol.server.store;

import java.util.List;

/**
 * What one ingest request carried, written as a whole or not at all: spans, the function's log records, metric
 * points, and the extension's diagnostics records (which arrive as log records but are not log lines).
 */
public record Batch(List<SpanRow> spans, List<LogRow> logs, List<MetricRow> metrics, List<DiagnosticRow> diagnostics) {
  public Batch {
    spans = List.copyOf(spans);
    logs = List.copyOf(logs);
    metrics = List.copyOf(metrics);
    diagnostics = List.copyOf(diagnostics);
  }

  /** A batch without diagnostics. */
  public Batch(List<SpanRow> spans, List<LogRow> logs, List<MetricRow> metrics) {
    this(spans, logs, metrics, List.of());
  }

  public static Batch ofSpans(List<SpanRow> spans) {
    return new Batch(spans, List.of(), List.of());
  }

  /** Spans, log records, metric points and diagnostics records together. */
  public int items() {
    return spans.size() + logs.size() + metrics.size() + diagnostics.size();
  }
}
