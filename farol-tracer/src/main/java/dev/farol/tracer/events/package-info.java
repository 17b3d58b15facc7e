/**
 * What invoked a Lambda function, read from its event: {@link dev.farol.tracer.events.EventSources#describe(String)}
 * gives a {@link dev.farol.tracer.events.Trigger} with the source, the upstream context to continue, the
 * {@link dev.farol.tracer.events.InferredSpan inferred spans} of the managed services in between and, for
 * batches, one link per record that carries a context. Used by the tracer inside the function and by the
 * extension, which sees the same event through the Runtime API.
 *
 * <p>Decisions, beyond what {@code datadog-serverless.md} §3.3/§3.4 describe:
 * <ul>
 *   <li>Every carrier is read with {@link dev.farol.tracer.Propagation#extract}, so W3C, Datadog, B3 and
 *       X-Ray ids are accepted wherever a producer may have put them, in that order.
 *   <li>Batches: the first record that carries a context is the parent, and every record that carries one
 *       (that one included) is a link; the inferred spans are the first record's.
 *   <li>X-Ray {@code Sampled=0} is reported as {@code sampled() == false}, never dropped here.
 *   <li>Span kinds: {@code server} for HTTP; {@code consumer} for the hop that delivers the event to the
 *       function; {@code producer} for a hop upstream of it (SNS in SNS→SQS, EventBridge in EventBridge→SQS).
 *   <li>REST and HTTP APIs are both named {@code aws.apigateway <method> <route>} (Datadog names the latter
 *       {@code aws.httpapi}); {@link dev.farol.tracer.events.Trigger#source()} tells them apart.
 *   <li>Start times are the event's own: in nanoseconds, at the precision the event gives (milliseconds,
 *       or seconds for EventBridge's {@code time}); 0 when it has none (ALB).
 *   <li>No I/O, no clock, no environment: region and ARNs come from the event only, so an API behind a
 *       custom domain, a Function URL, CloudFront and CloudWatch Logs have no ARN.
 * </ul>
 */
package dev.farol.tracer.events;
