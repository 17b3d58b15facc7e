package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.FunctionSummary;
import dev.farol.server.store.LogRow;
import dev.farol.server.store.SpanRow;
import java.util.HexFormat;

/** The query API's JSON shapes (docs/api.md): lowercase hex ids, Unix-nanosecond times. */
final class QueryJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private QueryJson() {}

  private static String hex(byte[] b) {
    return b == null ? null : HexFormat.of().formatHex(b);
  }

  /**
   * Stored attribute, event and link JSON goes out as it is (ingest wrote it as JSON text), without being
   * parsed back into trees for every answer.
   */
  private static void raw(ObjectNode o, String field, String json, boolean array) {
    if (json == null || json.isEmpty()) {
      o.set(field, array ? JSON.createArrayNode() : JSON.createObjectNode());
    } else {
      o.putRawValue(field, new com.fasterxml.jackson.databind.util.RawValue(json));
    }
  }

  static ObjectNode span(SpanRow s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("spanId", hex(s.spanId()));
    o.put("parentSpanId", hex(s.parentSpanId()));
    o.put("name", s.name());
    o.put("service", s.service());
    o.put("kind", s.kind());
    o.put("startTimeUnixNano", s.startNanos());
    o.put("endTimeUnixNano", s.endNanos());
    ObjectNode status = o.putObject("status");
    status.put("code", switch (s.statusCode()) {
      case 1 -> "OK";
      case 2 -> "ERROR";
      default -> "UNSET";
    });
    status.put("message", s.statusMessage());
    raw(o, "attributes", s.attributes(), false);
    raw(o, "events", s.events(), true);
    raw(o, "links", s.links(), true);
    return o;
  }

  static ObjectNode log(LogRow l) {
    ObjectNode o = JSON.createObjectNode();
    o.put("timeUnixNano", l.timeNanos());
    o.put("severity", l.severity());
    o.put("body", l.body());
    o.put("service", l.service());
    o.put("function", l.function());
    o.put("requestId", l.requestId());
    o.put("traceId", hex(l.traceId()));
    o.put("spanId", hex(l.spanId()));
    raw(o, "attributes", l.attributes(), false);
    return o;
  }

  static ObjectNode invocation(dev.farol.server.store.InvocationRow i, ObjectNode signals) {
    ObjectNode o = JSON.createObjectNode();
    o.put("requestId", i.requestId());
    o.put("function", i.function());
    o.put("traceId", hex(i.traceId()));
    o.put("startTimeUnixNano", i.startNanos());
    o.put("durationMs", i.durationMs());
    o.put("coldStart", i.coldStart());
    o.put("status", i.status());
    o.put("errorType", i.errorType());
    o.put("memorySizeMb", i.memorySizeMb());
    o.put("maxMemoryUsedMb", i.maxMemoryUsedMb());
    o.put("billedDurationMs", i.billedMs());
    o.put("trigger", i.trigger());
    if (signals != null) {
      o.set("signals", signals);
    }
    return o;
  }

  static ObjectNode function(FunctionSummary f) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", f.name());
    o.put("invocations", f.invocations());
    o.put("errors", f.errors());
    o.put("coldStarts", f.coldStarts());
    o.put("p50Ms", f.p50Ms());
    o.put("p95Ms", f.p95Ms());
    o.put("p99Ms", f.p99Ms());
    o.put("maxMemoryUsedMb", f.maxMemoryUsedMb());
    o.put("memorySizeMb", f.memorySizeMb());
    o.put("estimatedCostUsd", f.estimatedCostUsd());
    return o;
  }
}
