package dev.farol.server;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.farol.server.store.Batch;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest port: OTLP/HTTP ({@code /v1/traces|logs|metrics}) and Zipkin v2 ({@code /api/v2/spans}).
 *
 * <p>Flow control, per OTLP/HTTP: a request is admitted only while {@link IngestAdmission} has room,
 * else {@code 429} with {@code Retry-After} at once; a store that fails is {@code 503} with
 * {@code Retry-After}; both are retryable. A batch is acknowledged only once the store has it durably.
 * Items of an otherwise readable request that cannot be stored (a span with an invalid id, a data
 * point without a value) are left out, the rest stored, and the answer is {@code 200} with OTLP's
 * {@code partial_success} in the request's encoding (the client must not retry those).
 */
final class Ingest {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
  /** Seconds a throttled client is asked to wait. */
  static final int THROTTLED_RETRY_AFTER_SECONDS = 1;
  /** Seconds a client is asked to wait when the store failed. */
  static final int STORE_RETRY_AFTER_SECONDS = 5;
  private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private final Store store;
  private final long maxBodyBytes;
  private final IngestAdmission admission;
  private final IngestStats stats = new IngestStats();

  Ingest(Store store, long maxBodyBytes, IngestAdmission admission) {
    this.store = store;
    this.maxBodyBytes = maxBodyBytes;
    this.admission = admission;
  }

  IngestStats stats() {
    return stats;
  }

  IngestAdmission admission() {
    return admission;
  }

  void handle(Request request, Response response, Callback callback) throws IOException {
    String path = request.getHttpURI().getPath();
    boolean zipkin = path.equals("/api/v2/spans");
    OtlpDecoder.Signal signal = switch (path) {
      case "/v1/traces", "/api/v2/spans" -> OtlpDecoder.Signal.TRACES;
      case "/v1/logs" -> OtlpDecoder.Signal.LOGS;
      case "/v1/metrics" -> OtlpDecoder.Signal.METRICS;
      default -> null;
    };
    if (signal == null) {
      FarolServer.send(response, callback, 404, FarolServer.error("no such endpoint: " + path
          + " (OTLP/HTTP: /v1/traces, /v1/logs, /v1/metrics; Zipkin: /api/v2/spans)"));
      return;
    }
    if (!request.getMethod().equals("POST")) {
      FarolServer.send(response, callback, 405, FarolServer.error("use POST"));
      return;
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    boolean proto = lower.startsWith("application/x-protobuf");
    boolean json = lower.startsWith("application/json");
    if (!zipkin && !json && !proto) {
      stats.malformed.incrementAndGet();
      FarolServer.send(response, callback, 415, FarolServer.error(
          "Content-Type must be application/x-protobuf or application/json, got " + type));
      return;
    }
    if (!admission.tryEnter()) {
      throttle(request, response, callback, admission.maxRequests() + " requests in flight, the limit");
      return;
    }
    try {
      admitted(request, response, callback, signal, zipkin, proto);
    } finally {
      admission.exit();
    }
  }

  private void admitted(Request request, Response response, Callback callback, OtlpDecoder.Signal signal,
      boolean zipkin, boolean proto) throws IOException {
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      stats.tooLarge.incrementAndGet();
      if (declared <= 8 * maxBodyBytes) {
        drain(request); // so that the client reads the 413 rather than a reset
      }
      FarolServer.send(response, callback, 413, FarolServer.error("request body of " + declared
          + " bytes is over the limit of " + maxBodyBytes));
      return;
    }
    byte[] body;
    try {
      body = readBody(request, "gzip".equalsIgnoreCase(request.getHeaders().get(HttpHeader.CONTENT_ENCODING)));
    } catch (TooLarge e) {
      stats.tooLarge.incrementAndGet();
      drain(request);
      FarolServer.send(response, callback, 413, FarolServer.error(e.getMessage()));
      return;
    } catch (IOException e) {
      stats.malformed.incrementAndGet();
      FarolServer.send(response, callback, 400, FarolServer.error("cannot read the request body: "
          + e.getMessage()));
      return;
    }
    if (!admission.tryReserve(body.length)) {
      throttle(request, response, callback, "this body's " + body.length + " bytes would take the bytes in flight "
          + "over the limit of " + admission.maxBytes());
      return;
    }
    try {
      OtlpDecoder.Decoded decoded;
      try {
        decoded = zipkin ? new OtlpDecoder.Decoded(Batch.ofSpans(ZipkinDecoder.decode(body, proto)), 0, "")
            : OtlpDecoder.decode(signal, body, !proto);
      } catch (OtlpDecoder.MalformedException e) {
        stats.malformed.incrementAndGet();
        FarolServer.send(response, callback, 400, FarolServer.error(e.getMessage()));
        return;
      }
      Batch batch = decoded.batch();
      try {
        store.write(batch);
      } catch (StoreException e) {
        stats.storeUnavailable.incrementAndGet();
        LOG.warn("ingest: {}", e.getMessage());
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(STORE_RETRY_AFTER_SECONDS));
        FarolServer.send(response, callback, 503, FarolServer.error("the store could not take the batch ("
            + e.getMessage() + "); nothing of it was kept; retry after " + STORE_RETRY_AFTER_SECONDS + " s"));
        return;
      }
      stats.accepted.incrementAndGet();
      IngestStats.Items items = stats.of(signal);
      items.accepted.addAndGet(batch.items());
      items.rejected.addAndGet(decoded.rejected());
      stats.diagnostics.accepted.addAndGet(batch.diagnostics().size());
      stats.diagnostics.rejected.addAndGet(decoded.rejectedDiagnostics());
      if (zipkin) {
        FarolServer.send(response, callback, 202, new byte[0], "application/json");
      } else {
        Message answer = answer(signal, decoded.rejected(), decoded.rejectedMessage());
        if (proto) {
          FarolServer.send(response, callback, 200, answer.toByteArray(), "application/x-protobuf");
        } else {
          FarolServer.send(response, callback, 200, JSON_PRINTER.print(answer).getBytes(StandardCharsets.UTF_8),
              "application/json");
        }
      }
    } finally {
      admission.release(body.length);
    }
  }

  /** One item of each signal in OTLP's JSON mapping, for {@link #warmUp}. */
  private static final java.util.Map<OtlpDecoder.Signal, String> WARM_UP_SAMPLES = java.util.Map.of(
      OtlpDecoder.Signal.TRACES, "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
          + "\"value\":{\"stringValue\":\"warm-up\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"farol\"},"
          + "\"spans\":[{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\","
          + "\"name\":\"warm-up\",\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\","
          + "\"endTimeUnixNano\":\"1700000000001000000\",\"attributes\":[{\"key\":\"k\",\"value\":"
          + "{\"intValue\":\"1\"}}],\"status\":{\"code\":1}}]}]}]}",
      OtlpDecoder.Signal.LOGS, "{\"resourceLogs\":[{\"resource\":{},\"scopeLogs\":[{\"scope\":{\"name\":\"farol\"},"
          + "\"logRecords\":[{\"timeUnixNano\":\"1700000000000000000\",\"severityText\":\"INFO\","
          + "\"body\":{\"stringValue\":\"warm-up\"}}]}]}]}",
      OtlpDecoder.Signal.METRICS, "{\"resourceMetrics\":[{\"resource\":{},\"scopeMetrics\":[{\"scope\":{\"name\":"
          + "\"farol\"},\"metrics\":[{\"name\":\"warm.up\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":"
          + "\"1700000000000000000\",\"asDouble\":1.5}]}}]}]}]}");

  /**
   * Decodes one small request of each signal, in JSON and in protobuf, and renders the answers, storing
   * nothing: the first real request then does not pay for loading and initialising the decoders (about
   * 200 ms on two CPUs, which a function's first flush would wait for). Returns the items decoded.
   */
  static int warmUp() {
    int items = 0;
    for (java.util.Map.Entry<OtlpDecoder.Signal, String> e : WARM_UP_SAMPLES.entrySet()) {
      try {
        byte[] json = e.getValue().getBytes(StandardCharsets.UTF_8);
        Batch fromJson = OtlpDecoder.decode(e.getKey(), json, true).batch();
        byte[] proto = OtlpDecoder.fromJson(e.getKey(), json).toByteArray();
        Batch fromProto = OtlpDecoder.decode(e.getKey(), proto, false).batch();
        JSON_PRINTER.print(answer(e.getKey(), 0, ""));
        for (Batch b : List.of(fromJson, fromProto)) {
          items += b.items();
        }
      } catch (OtlpDecoder.MalformedException | IOException | RuntimeException failed) {
        LOG.debug("ingest warm-up: {}", failed.toString());
      }
    }
    return items;
  }

  /** The Export*ServiceResponse: empty on full success, with partial_success when items were rejected. */
  static Message answer(OtlpDecoder.Signal signal, int rejected, String message) {
    if (rejected == 0) {
      return switch (signal) {
        case TRACES -> ExportTraceServiceResponse.getDefaultInstance();
        case LOGS -> ExportLogsServiceResponse.getDefaultInstance();
        case METRICS -> ExportMetricsServiceResponse.getDefaultInstance();
      };
    }
    return switch (signal) {
      case TRACES -> ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
          .setRejectedSpans(rejected).setErrorMessage(message)).build();
      case LOGS -> ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
          .setRejectedLogRecords(rejected).setErrorMessage(message)).build();
      case METRICS -> ExportMetricsServiceResponse.newBuilder().setPartialSuccess(ExportMetricsPartialSuccess
          .newBuilder().setRejectedDataPoints(rejected).setErrorMessage(message)).build();
    };
  }

  private void throttle(Request request, Response response, Callback callback, String why) {
    stats.throttled.incrementAndGet();
    drain(request);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(THROTTLED_RETRY_AFTER_SECONDS));
    FarolServer.send(response, callback, 429, FarolServer.error("ingest is at capacity (" + why
        + "); nothing of this request was kept; retry after " + THROTTLED_RETRY_AFTER_SECONDS + " s"));
  }

  private static void drain(Request request) {
    try {
      Content.Source.consumeAll(request);
    } catch (Exception e) {
      // the answer goes out anyway
    }
  }

  private static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  private byte[] readBody(Request request, boolean gzip) throws IOException {
    long max = maxBodyBytes;
    long declared = request.getLength();
    ByteArrayOutputStream raw = new ByteArrayOutputStream(declared > 0 ? (int) declared : 16 * 1024);
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] buf = new byte[16 * 1024];
      for (int n = in.read(buf); n != -1; n = in.read(buf)) {
        raw.write(buf, 0, n);
        if (raw.size() > max) {
          throw new TooLarge("request body is over the limit of " + max + " bytes");
        }
      }
    }
    if (!gzip) {
      return raw.toByteArray();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw.toByteArray()))) {
      byte[] buf = new byte[16 * 1024];
      for (int n = in.read(buf); n != -1; n = in.read(buf)) {
        out.write(buf, 0, n);
        if (out.size() > max) {
          throw new TooLarge("decompressed request body is over the limit of " + max + " bytes");
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException("Content-Encoding is gzip but the body is not: " + e.getMessage());
    }
    return out.toByteArray();
  }
}
