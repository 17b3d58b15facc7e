package dev.farol.tracer.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A span for the managed service that handed the event to the function (API Gateway, SQS, SNS...),
 * which cannot trace itself. It starts at the event's own timestamp and ends where the caller decides
 * (typically when the function's invocation span starts for asynchronous sources, or ends for HTTP).
 *
 * <p>Kinds: {@code server} for HTTP front doors; for messaging, {@code consumer} for the hop that
 * delivers the event to the function and {@code producer} for a hop upstream of it that publishes
 * into the next one (SNS in SNS→SQS, EventBridge in EventBridge→SQS), so a chain reads
 * producer → consumer as OpenTelemetry models messaging.
 */
public final class InferredSpan {
  public static final String SERVER = "server";
  public static final String CONSUMER = "consumer";
  public static final String PRODUCER = "producer";

  private final String name;
  private final String kind;
  private final long startEpochNanos;
  private final Map<String, String> attributes;

  InferredSpan(String name, String kind, long startEpochNanos, Map<String, String> attributes) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.kind = Objects.requireNonNull(kind, "kind == null");
    this.startEpochNanos = startEpochNanos;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** {@code <operation> <resource>}, e.g. {@code aws.sqs orders-queue} or {@code aws.apigateway GET /items/{id}}. */
  public String name() {
    return name;
  }

  /** {@value #SERVER}, {@value #CONSUMER} or {@value #PRODUCER}. */
  public String kind() {
    return kind;
  }

  /** The event's own timestamp for this hop, in nanoseconds since the epoch; 0 when the event has none. */
  public long startEpochNanos() {
    return startEpochNanos;
  }

  /** Resource names, OpenTelemetry semantic conventions where they exist; always {@code farol.span.inferred=true}. */
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InferredSpan)) {
      return false;
    }
    InferredSpan s = (InferredSpan) o;
    return name.equals(s.name) && kind.equals(s.kind) && startEpochNanos == s.startEpochNanos
        && attributes.equals(s.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, startEpochNanos, attributes);
  }

  @Override
  public String toString() {
    return kind + " " + name + " @" + startEpochNanos + " " + attributes;
  }

  /** {@code operation} followed by the parts that are present, space-separated. */
  static String name(String operation, String... parts) {
    StringBuilder b = new StringBuilder(operation);
    for (String p : parts) {
      if (p != null && !p.isEmpty()) {
        b.append(' ').append(p);
      }
    }
    return b.toString();
  }

  /** Collects attributes, skipping absent values. */
  static final class Builder {
    final String name;
    final String kind;
    long startEpochNanos;
    final Map<String, String> attributes = new LinkedHashMap<>();

    Builder(String name, String kind, String faasTrigger) {
      this.name = name;
      this.kind = kind;
      attributes.put("farol.span.inferred", "true");
      attributes.put("faas.trigger", faasTrigger);
    }

    Builder start(long epochNanos) {
      startEpochNanos = epochNanos;
      return this;
    }

    Builder attr(String key, String value) {
      if (value != null && !value.isEmpty()) {
        attributes.put(key, value);
      }
      return this;
    }

    InferredSpan build() {
      return new InferredSpan(name, kind, startEpochNanos, attributes);
    }
  }
}
