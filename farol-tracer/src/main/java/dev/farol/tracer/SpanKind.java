package dev.farol.tracer;

/** OTLP's span kinds, with their wire numbers. */
public enum SpanKind {
  INTERNAL(1),
  SERVER(2),
  CLIENT(3),
  PRODUCER(4),
  CONSUMER(5);

  final int otlp;

  SpanKind(int otlp) {
    this.otlp = otlp;
  }
}
