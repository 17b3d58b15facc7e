package dev.farol.tracer.events;

import dev.farol.tracer.TraceContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What invoked a function, read from its event by {@link EventSources#describe(String)}: the source,
 * the upstream context to continue, the inferred spans of the managed services in between, and for
 * batches a link per record that carries a context.
 */
public final class Trigger {
  private final String source;
  private final String faasTrigger;
  private final String sourceArn;
  private final TraceContext parent;
  private final List<InferredSpan> inferredSpans;
  private final List<TraceContext> links;
  private final String httpMethod;
  private final String httpRoute;
  private final String httpPath;
  private final String httpHost;

  private Trigger(Builder b) {
    source = b.source;
    faasTrigger = b.faasTrigger;
    sourceArn = b.sourceArn;
    parent = b.parent;
    inferredSpans = Collections.unmodifiableList(new ArrayList<>(b.inferredSpans));
    links = Collections.unmodifiableList(new ArrayList<>(b.links));
    httpMethod = b.httpMethod;
    httpRoute = b.httpRoute;
    httpPath = b.httpPath;
    httpHost = b.httpHost;
  }

  /**
   * One of {@code apigateway-rest}, {@code apigateway-http}, {@code apigateway-websocket}, {@code lambda-url},
   * {@code alb}, {@code sqs}, {@code sns}, {@code eventbridge}, {@code kinesis}, {@code dynamodb}, {@code s3},
   * {@code cloudwatch-events}, {@code cloudwatch-logs}, {@code cloudfront}, {@code stepfunctions},
   * {@code appsync}, {@code authorizer-token}, {@code authorizer-request}, {@code direct} or {@code unknown}.
   */
  public String source() {
    return source;
  }

  /** OpenTelemetry {@code faas.trigger}: {@code http}, {@code pubsub}, {@code datasource}, {@code timer} or {@code other}. */
  public String faasTrigger() {
    return faasTrigger;
  }

  /** The ARN of the queue, topic, stream, table stream, bucket, rule, target group or API stage; {@code null} when the event does not tell. */
  public String sourceArn() {
    return sourceArn;
  }

  /** The upstream context to continue; see {@link EventSources} for which carrier wins. */
  public Optional<TraceContext> parent() {
    return Optional.ofNullable(parent);
  }

  /** Outermost first: SNS→SQS gives {@code [aws.sns, aws.sqs]}; empty for sources without one. */
  public List<InferredSpan> inferredSpans() {
    return inferredSpans;
  }

  /** One per record that carries a context, in record order (the first is also the parent). */
  public List<TraceContext> links() {
    return links;
  }

  /** HTTP triggers only, else {@code null}. */
  public String httpMethod() {
    return httpMethod;
  }

  /** The route template ({@code /items/{id}}), HTTP triggers with routing only, else {@code null}. */
  public String httpRoute() {
    return httpRoute;
  }

  /** The request path as the client sent it (without the stage), HTTP triggers only, else {@code null}. */
  public String httpPath() {
    return httpPath;
  }

  /** The host the client called, HTTP triggers only, else {@code null}. */
  public String httpHost() {
    return httpHost;
  }

  @Override
  public String toString() {
    return source + (sourceArn == null ? "" : " " + sourceArn) + (parent == null ? "" : " parent " + parent)
        + " spans " + inferredSpans.size() + " links " + links.size();
  }

  static final class Builder {
    final String source;
    final String faasTrigger;
    String sourceArn;
    TraceContext parent;
    final List<InferredSpan> inferredSpans = new ArrayList<>();
    final List<TraceContext> links = new ArrayList<>();
    String httpMethod;
    String httpRoute;
    String httpPath;
    String httpHost;

    Builder(String source, String faasTrigger) {
      this.source = source;
      this.faasTrigger = faasTrigger;
    }

    Builder parent(Optional<TraceContext> context) {
      parent = context.orElse(null);
      return this;
    }

    /** Adds a record's context as a link, and as the parent when it is the first one. */
    Builder record(Optional<TraceContext> context) {
      if (context.isPresent()) {
        if (links.isEmpty() && parent == null) {
          parent = context.get();
        }
        links.add(context.get());
      }
      return this;
    }

    Trigger build() {
      return new Trigger(this);
    }
  }
}
