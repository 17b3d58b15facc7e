package dev.farol.tracer.events;

import dev.farol.tracer.Json;
import dev.farol.tracer.TraceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/** Invocations that are not a notification from a managed source: direct calls, Step Functions, AppSync, log subscriptions. */
final class InvokeEvents {
  private InvokeEvents() {}

  /**
   * A direct invoke (SDK {@code Invoke}, another function, a test). The parent is the first found of:
   * the client context's {@code custom._datadog}, its {@code custom} map as headers (what the invoking
   * tracer set for this very call), then the event's own {@code _datadog}, its {@code headers} map, and
   * trace headers at the top of the event ({@code traceparent}, {@code x-datadog-trace-id}...).
   */
  static Trigger direct(Object event, Map<String, Object> clientContext) {
    Trigger.Builder t = new Trigger.Builder("direct", "other");
    Map<String, Object> custom = Fields.obj(clientContext, "custom");
    Map<String, Object> e = Json.object(event);
    Optional<TraceContext> c = Carriers.datadog(custom.get(Carriers.DATADOG));
    if (c.isEmpty()) {
      c = Carriers.headers(custom);
    }
    if (c.isEmpty()) {
      c = Carriers.datadog(e.get(Carriers.DATADOG));
    }
    if (c.isEmpty()) {
      c = Carriers.headers(Fields.obj(e, "headers"));
    }
    if (c.isEmpty()) {
      c = Carriers.headers(e);
    }
    return t.parent(c).build();
  }

  /** AppSync resolver: the GraphQL request's HTTP headers, when {@code request.headers} is there. */
  static Trigger appSync(Map<String, Object> e) {
    Trigger.Builder t = new Trigger.Builder("appsync", "other");
    return t.parent(Carriers.headers(Fields.obj(e, "request", "headers"))).build();
  }

  /** CloudWatch Logs subscription: gzip'd, base64'd log batches; no context, and no region to build an ARN with. */
  static Trigger cloudWatchLogs() {
    return new Trigger.Builder("cloudwatch-logs", "pubsub").build();
  }

  /**
   * The Step Functions context object, as the state machine passes it ({@code "Payload.$": "$$"} style
   * at the top, or under {@code _datadog}), or {@code null} when the event is not one.
   */
  static Map<String, Object> stepFunctionsContext(Map<String, Object> e) {
    Map<String, Object> m = e;
    if (Fields.obj(m, "Payload").containsKey("Execution") || Fields.obj(m, "Payload").containsKey(Carriers.DATADOG)) {
      m = Fields.obj(m, "Payload");
    }
    if (m.get(Carriers.DATADOG) instanceof Map) {
      m = Fields.obj(m, Carriers.DATADOG);
    }
    return Fields.str(m, "Execution", "Id") != null && Fields.str(m, "State", "Name") != null ? m : null;
  }

  /**
   * Step Functions. The context is derived, the same way every function of an execution derives it, so
   * they all join one trace: the trace id from SHA-256 of the root execution ARN ({@code RootExecutionId},
   * else {@code Execution.Id}), unless a traced function started the execution and its
   * {@code x-datadog-trace-id} (and {@code _dd.p.tid}) travel along; the parent id from SHA-256 of
   * {@code <execution ARN>#<state name>#<state entered time>}, with {@code #<retry count>#<redrive count>}
   * appended when either is non-zero. Of a hash, the high 64 bits are its first 8 bytes and the low 64 bits
   * the next 8, each with the top bit cleared (0 becomes 1). This is Datadog's convention (spec §3.3).
   */
  static Trigger stepFunctions(Map<String, Object> ctx) {
    Trigger.Builder t = new Trigger.Builder("stepfunctions", "other");
    t.sourceArn = Fields.str(ctx, "StateMachine", "Id");
    return t.parent(stepFunctionsParent(ctx)).build();
  }

  /** The context derived from a Step Functions context object, see {@link #stepFunctions}. */
  static Optional<TraceContext> stepFunctionsParent(Map<String, Object> ctx) {
    String execution = Fields.str(ctx, "Execution", "Id");
    long retries = count(Fields.at(ctx, "State", "RetryCount"));
    long redrives = count(Fields.at(ctx, "Execution", "RedriveCount"));
    String state = execution + "#" + Fields.str(ctx, "State", "Name") + "#" + Fields.str(ctx, "State", "EnteredTime")
        + (retries != 0 || redrives != 0 ? "#" + retries + "#" + redrives : "");
    String traceHex = upstreamTraceId(ctx);
    if (traceHex == null) {
      String root = Fields.str(ctx, "RootExecutionId") != null ? Fields.str(ctx, "RootExecutionId") : execution;
      long[] h = hash(root);
      traceHex = hex16(h[0]) + hex16(h[1]);
    }
    try {
      return Optional.of(new TraceContext(traceHex, hex16(hash(state)[0]), Boolean.TRUE, "datadog", null));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // an upstream trace id of 0 or a bad _dd.p.tid
    }
  }

  /** The 32-hex trace id of the traced function that started the execution, or {@code null}. */
  private static String upstreamTraceId(Map<String, Object> ctx) {
    String low = Fields.str(ctx, "x-datadog-trace-id");
    if (low == null) {
      return null;
    }
    String high = "0000000000000000";
    String tags = Fields.str(ctx, "x-datadog-tags");
    for (String tag : tags == null ? new String[0] : tags.split(",")) {
      String v = tag.trim();
      if (v.startsWith("_dd.p.tid=") && v.length() == 26) {
        high = v.substring(10);
      }
    }
    try {
      return high + hex16(Long.parseUnsignedLong(low.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long count(Object n) {
    double d = Fields.number(n);
    return Double.isNaN(d) ? 0 : (long) d;
  }

  /** The high and low 63 bits of the first 128 bits of SHA-256 of {@code s}; a zero half becomes 1. */
  static long[] hash(String s) {
    byte[] d;
    try {
      d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = high << 8 | (d[i] & 0xff);
      low = low << 8 | (d[i + 8] & 0xff);
    }
    high &= Long.MAX_VALUE;
    low &= Long.MAX_VALUE;
    return new long[] {high == 0 ? 1 : high, low == 0 ? 1 : low};
  }

  private static String hex16(long v) {
    String s = Long.toHexString(v);
    return "0000000000000000".substring(s.length()) + s;
  }
}
