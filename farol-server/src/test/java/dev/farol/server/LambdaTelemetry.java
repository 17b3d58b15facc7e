package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Invocations as Farol's extension reports them, sent to a server's ingest port as OTLP/JSON: the {@code aws.lambda}
 * span with its {@code faas.*} attributes, the {@code aws.lambda.init} span under it on a cold start, and the
 * report's {@code aws.lambda.enhanced.max_memory_used} point. Ids come from the request id, so a test knows each
 * invocation's trace ({@link #traceId}); every text goes out as given, attacker text included.
 */
public final class LambdaTelemetry {
  private final int ingestPort;
  private final HttpClient http = HttpClient.newHttpClient();

  public LambdaTelemetry(int ingestPort) {
    this.ingestPort = ingestPort;
  }

  /**
   * One invocation.
   *
   * @param trigger its {@code faas.trigger}, or {@code null} for none
   * @param initMs the init phase before it (ending as it starts), or 0 for none
   * @param maxMemoryUsedMb what its report says, or 0 for no report
   */
  public record Invocation(String function, String requestId, long startNanos, double durationMs, boolean coldStart,
      boolean error, String trigger, long initMs, long maxMemoryUsedMb) {
    /** A warm, successful one of 512 MB without trigger, init or report. */
    public static Invocation of(String function, String requestId, long startNanos, double durationMs) {
      return new Invocation(function, requestId, startNanos, durationMs, false, false, null, 0, 0);
    }

    public Invocation cold(long initDurationMs) {
      return new Invocation(function, requestId, startNanos, durationMs, true, error, trigger, initDurationMs,
          maxMemoryUsedMb);
    }

    public Invocation failed() {
      return new Invocation(function, requestId, startNanos, durationMs, coldStart, true, trigger, initMs,
          maxMemoryUsedMb);
    }

    public Invocation trigger(String faasTrigger) {
      return new Invocation(function, requestId, startNanos, durationMs, coldStart, error, faasTrigger, initMs,
          maxMemoryUsedMb);
    }

    public Invocation reported(long usedMb) {
      return new Invocation(function, requestId, startNanos, durationMs, coldStart, error, trigger, initMs, usedMb);
    }
  }

  /** The trace id an invocation's spans are sent in: 32 hex digits made from its request id. */
  public static String traceId(String requestId) {
    return String.format("%016x%016x", (long) requestId.hashCode() * 31 + 7, (long) requestId.length() + 1);
  }

  private static String spanId(String requestId, int n) {
    return String.format("%08x%08x", requestId.hashCode(), n);
  }

  /** Sends the invocations' spans in one request (of one function each, as the extension does), then the reports. */
  public void send(List<Invocation> invocations) throws Exception {
    StringBuilder resources = new StringBuilder();
    for (Invocation i : invocations) {
      resources.append(resources.length() == 0 ? "" : ",").append("{\"resource\":{\"attributes\":[")
          .append(string("service.name", i.function())).append(',').append(string("faas.name", i.function()))
          .append("]},\"scopeSpans\":[{\"spans\":[").append(spans(i)).append("]}]}");
    }
    post("/v1/traces", "{\"resourceSpans\":[" + resources + "]}");
    StringBuilder reports = new StringBuilder();
    for (Invocation i : invocations) {
      if (i.maxMemoryUsedMb() > 0) {
        reports.append(reports.length() == 0 ? "" : ",").append("{\"resource\":{\"attributes\":[")
            .append(string("faas.name", i.function())).append("]},\"scopeMetrics\":[{\"metrics\":[{\"name\":"
                + "\"aws.lambda.enhanced.max_memory_used\",\"unit\":\"MB\",\"gauge\":{\"dataPoints\":[{")
            .append("\"timeUnixNano\":\"").append(end(i)).append("\",\"asDouble\":").append(i.maxMemoryUsedMb())
            .append(",\"attributes\":[").append(string("faas.invocation_id", i.requestId())).append("]}]}}]}]}");
      }
    }
    if (reports.length() > 0) {
      post("/v1/metrics", "{\"resourceMetrics\":[" + reports + "]}");
    }
  }

  /**
   * What Farol's extension says it found in an invocation: a {@code farol.finding} log record with the finding's
   * attributes ({@link dev.farol.findings.FindingRecord}).
   */
  public void sendFinding(String function, String requestId, long timeNanos, dev.farol.findings.Finding finding)
      throws Exception {
    StringBuilder attrs = new StringBuilder().append(string("event.name", "farol.finding")).append(',')
        .append(string("faas.invocation_id", requestId)).append(',').append(string("faas.name", function));
    for (java.util.Map.Entry<String, String> e : dev.farol.findings.FindingRecord.attributes(finding).entrySet()) {
      attrs.append(',').append(string(e.getKey(), e.getValue()));
    }
    post("/v1/logs", "{\"resourceLogs\":[{\"resource\":{\"attributes\":[" + string("faas.name", function)
        + "]},\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"" + timeNanos + "\",\"body\":{\"stringValue\":"
        + quote(finding.message()) + "},\"traceId\":\"" + traceId(requestId) + "\",\"attributes\":[" + attrs
        + "]}]}]}]}");
  }

  private static long end(Invocation i) {
    return i.startNanos() + Math.round(i.durationMs() * 1_000_000);
  }

  private static String spans(Invocation i) {
    StringBuilder attrs = new StringBuilder().append(string("faas.name", i.function())).append(',')
        .append(string("faas.invocation_id", i.requestId())).append(",{\"key\":\"faas.coldstart\",\"value\":"
            + "{\"boolValue\":").append(i.coldStart()).append("}},{\"key\":\"faas.max_memory\",\"value\":"
            + "{\"intValue\":\"536870912\"}}");
    if (i.trigger() != null) {
      attrs.append(',').append(string("faas.trigger", i.trigger()));
    }
    if (i.error()) {
      attrs.append(',').append(string("error.type", "Runtime.Unhandled"));
    }
    String invocation = span(i.requestId(), spanId(i.requestId(), 1), null, "aws.lambda", 2, i.startNanos(), end(i),
        attrs.toString(), i.error());
    if (i.initMs() <= 0) {
      return invocation;
    }
    return invocation + "," + span(i.requestId(), spanId(i.requestId(), 2), spanId(i.requestId(), 1),
        "aws.lambda.init", 1, i.startNanos() - i.initMs() * 1_000_000, i.startNanos(), string("faas.name",
            i.function()) + ",{\"key\":\"faas.coldstart\",\"value\":{\"boolValue\":true}}", false);
  }

  private static String span(String requestId, String spanId, String parent, String name, int kind, long start,
      long end, String attributes, boolean error) {
    return "{\"traceId\":\"" + traceId(requestId) + "\",\"spanId\":\"" + spanId + "\""
        + (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"") + ",\"name\":\"" + name + "\",\"kind\":"
        + kind + ",\"startTimeUnixNano\":\"" + start + "\",\"endTimeUnixNano\":\"" + end + "\",\"status\":{\"code\":"
        + (error ? 2 : 0) + "},\"attributes\":[" + attributes + "]}";
  }

  private static String string(String key, String value) {
    return "{\"key\":" + quote(key) + ",\"value\":{\"stringValue\":" + quote(value) + "}}";
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private void post(String path, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).as("nothing of it rejected").doesNotContain("partialSuccess");
  }
}
