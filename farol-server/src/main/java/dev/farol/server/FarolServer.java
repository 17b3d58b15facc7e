package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.LogQuery;
import dev.farol.server.store.LogRow;
import dev.farol.server.store.SpanRow;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import dev.farol.server.store.TraceQuery;
import dev.farol.server.store.TraceSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Farol's server: OTLP/HTTP ingest ({@code /v1/traces}, {@code /v1/logs}, {@code /v1/metrics};
 * protobuf or JSON, optionally gzip) on one port, the query API ({@code /api/v1/...}, see
 * {@code docs/api.md}) on another, both on 127.0.0.1 unless told otherwise. A batch is acknowledged
 * only once the store has it durably; a retried batch stores nothing twice. Ingest is bounded: see
 * {@link Ingest} for admission (429), store failures (503) and partial success.
 */
public final class FarolServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FarolServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;

  /**
   * @param host address both ports bind
   * @param ingestPort OTLP/HTTP port (4318 by default; 0 picks one)
   * @param queryPort query API port (7070 by default; 0 picks one)
   * @param apiKey when set, every request must carry it ({@code x-farol-api-key} or {@code Authorization: Bearer})
   * @param maxBodyBytes largest accepted request body, after decompression
   * @param maxInFlightRequests ingest requests admitted at once; more are refused with 429 (default
   *     {@value IngestAdmission#DEFAULT_MAX_REQUESTS})
   * @param maxInFlightBytes decoded body bytes of the admitted ingest requests together; more are refused
   *     with 429 (default {@value IngestAdmission#DEFAULT_MAX_BYTES})
   */
  public record Settings(String host, int ingestPort, int queryPort, String apiKey, long maxBodyBytes,
      int maxInFlightRequests, long maxInFlightBytes) {
    /** With the default ingest limits. */
    public Settings(String host, int ingestPort, int queryPort, String apiKey, long maxBodyBytes) {
      this(host, ingestPort, queryPort, apiKey, maxBodyBytes, IngestAdmission.DEFAULT_MAX_REQUESTS,
          IngestAdmission.DEFAULT_MAX_BYTES);
    }

    public static Settings defaults() {
      return new Settings("127.0.0.1", 4318, 7070, null, DEFAULT_MAX_BODY);
    }

    public Settings withPorts(int ingest, int query) {
      return new Settings(host, ingest, query, apiKey, maxBodyBytes, maxInFlightRequests, maxInFlightBytes);
    }

    public Settings withApiKey(String key) {
      return new Settings(host, ingestPort, queryPort, key, maxBodyBytes, maxInFlightRequests, maxInFlightBytes);
    }

    public Settings withMaxBodyBytes(long max) {
      return new Settings(host, ingestPort, queryPort, apiKey, max, maxInFlightRequests, maxInFlightBytes);
    }

    /** Ingest admission: requests and decoded body bytes in flight at once. */
    public Settings withIngestLimits(int requests, long bytes) {
      return new Settings(host, ingestPort, queryPort, apiKey, maxBodyBytes, requests, bytes);
    }
  }

  private final Settings settings;
  private final Store store;
  private final Server server;
  private final ServerConnector ingest;
  private final ServerConnector query;
  private final Ingest intake;
  private final DiagnosticsApi diagnostics;

  public FarolServer(Settings settings, Store store) {
    this.settings = settings;
    this.store = store;
    this.intake = new Ingest(store, settings.maxBodyBytes(), new IngestAdmission(settings.maxInFlightRequests(),
        settings.maxInFlightBytes()));
    this.diagnostics = new DiagnosticsApi(store);
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("farol-server");
    threads.setDaemon(true);
    server = new Server(threads);
    ingest = new ServerConnector(server, 1, 1);
    ingest.setHost(settings.host());
    ingest.setPort(settings.ingestPort());
    query = new ServerConnector(server, 1, 1);
    query.setHost(settings.host());
    query.setPort(settings.queryPort());
    server.addConnector(ingest);
    server.addConnector(query);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        try {
          if (!authorized(request)) {
            send(response, callback, 401, error("missing or wrong API key"));
          } else if (request.getConnectionMetaData().getConnector() == ingest) {
            intake.handle(request, response, callback);
          } else {
            query(request, response, callback);
          }
        } catch (Exception e) {
          LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
          send(response, callback, 500, error("internal error: " + e.getClass().getSimpleName()));
        }
        return true;
      }
    });
  }

  public FarolServer start() throws Exception {
    server.start();
    Thread warmUp = new Thread(Ingest::warmUp, "farol-ingest-warm-up");
    warmUp.setDaemon(true);
    warmUp.setPriority(Thread.MIN_PRIORITY);
    warmUp.start();
    return this;
  }

  public int ingestPort() {
    return ingest.getLocalPort();
  }

  public int queryPort() {
    return query.getLocalPort();
  }

  /** Spans stored since start (a retried duplicate counts again: what was acknowledged). */
  public long spansAccepted() {
    return intake.stats().spans.accepted.get();
  }

  private boolean authorized(Request request) {
    if (settings.apiKey() == null || settings.apiKey().isEmpty()) {
      return true;
    }
    String key = request.getHeaders().get("x-farol-api-key");
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (key == null && auth != null && auth.startsWith("Bearer ")) {
      key = auth.substring(7).trim();
    }
    return key != null && java.security.MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
        settings.apiKey().getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- query API

  private void query(Request request, Response response, Callback callback) throws StoreException {
    String path = request.getHttpURI().getPath();
    if (!request.getMethod().equals("GET")) {
      send(response, callback, 405, error("the query API is read-only: use GET"));
      return;
    }
    Fields params = Request.extractQueryParameters(request);
    try {
      long since = QueryParams.since(params.getValue("since"), 60L * 60 * 1_000_000_000L);
      int limit = QueryParams.limit(params.getValue("limit"), 100, 1000);
      if (path.equals("/api/v1/ingest/stats")) {
        sendJson(response, callback, intake.stats().json(intake.admission()));
      } else if (path.equals("/api/v1/traces")) {
        String error = params.getValue("error");
        String minMs = params.getValue("minDurationMs");
        var traces = store.searchTraces(new TraceQuery(params.getValue("service"), params.getValue("name"),
            error == null ? null : Boolean.valueOf(error), minMs == null ? null : QueryParams.millisToNanos(minMs),
            since, limit));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("traces");
        for (TraceSummary t : traces) {
          ObjectNode o = arr.addObject();
          o.put("traceId", HexFormat.of().formatHex(t.traceId()));
          o.put("rootName", t.rootName());
          o.put("service", t.service());
          o.put("startTimeUnixNano", t.startNanos());
          o.put("durationNanos", t.durationNanos());
          o.put("spanCount", t.spanCount());
          o.put("error", t.error());
        }
        sendJson(response, callback, out);
      } else if (path.startsWith("/api/v1/traces/")) {
        byte[] id = QueryParams.traceId(path.substring("/api/v1/traces/".length()));
        var trace = store.traceWithLogs(id, 1000);
        if (trace.spans().isEmpty()) {
          send(response, callback, 404, error("no trace " + HexFormat.of().formatHex(id)));
          return;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("traceId", HexFormat.of().formatHex(id));
        ArrayNode arr = out.putArray("spans");
        for (SpanRow s : trace.spans()) {
          arr.add(QueryJson.span(s));
        }
        ArrayNode logs = out.putArray("logs");
        for (LogRow l : trace.logs()) {
          logs.add(QueryJson.log(l));
        }
        sendJson(response, callback, out);
      } else if (path.equals("/api/v1/logs")) {
        String tid = params.getValue("traceId");
        var logs = store.logs(new LogQuery(tid == null ? null : QueryParams.traceId(tid), params.getValue("requestId"),
            params.getValue("function"), params.getValue("q"), tid != null || params.getValue("requestId") != null
                ? 0 : since, limit));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("logs");
        logs.forEach(l -> arr.add(QueryJson.log(l)));
        sendJson(response, callback, out);
      } else if (path.equals("/api/v1/invocations")) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("invocations");
        for (var inv : store.invocations(params.getValue("function"), since, limit)) {
          arr.add(QueryJson.invocation(inv, null));
        }
        sendJson(response, callback, out);
      } else if (DiagnosticsApi.handles(path)) {
        ObjectNode answer = diagnostics.answer(path, params.getValue("function"), since);
        if (answer == null) {
          send(response, callback, 404, error(DiagnosticsApi.notFound(path)));
          return;
        }
        sendJson(response, callback, answer);
      } else if (path.startsWith("/api/v1/invocations/")) {
        String requestId = path.substring("/api/v1/invocations/".length());
        var inv = store.invocation(requestId);
        if (inv.isEmpty()) {
          send(response, callback, 404, error("no invocation " + requestId));
          return;
        }
        // what arrived for it: the platform's spans, tracer spans in its trace, logs, the report
        int platformSpans = 0;
        int tracerSpans = 0;
        boolean initSpan = false;
        for (SpanRow s : store.trace(inv.get().traceId())) {
          boolean platform = s.name().equals("aws.lambda") || s.name().equals("aws.lambda.init");
          if (platform) {
            platformSpans++;
            initSpan |= s.name().equals("aws.lambda.init");
          } else {
            tracerSpans++;
          }
        }
        ObjectNode signals = JSON.createObjectNode();
        signals.put("invocationSpan", platformSpans > 0);
        signals.put("initSpan", initSpan);
        signals.put("tracerSpans", tracerSpans);
        signals.put("logs", store.logCount(requestId));
        signals.put("report", inv.get().maxMemoryUsedMb() > 0);
        sendJson(response, callback, QueryJson.invocation(inv.get(), signals));
      } else if (path.equals("/api/v1/metrics")) {
        String name = params.getValue("name");
        if (name == null || name.isEmpty()) {
          send(response, callback, 400, error("name is required, e.g. name=aws.lambda.enhanced.duration"));
          return;
        }
        long step = QueryParams.step(params.getValue("step"));
        ObjectNode out = JSON.createObjectNode();
        out.put("name", name);
        out.put("stepNanos", step);
        ArrayNode arr = out.putArray("points");
        for (var pt : store.metricSeries(name, params.getValue("function"), since, step)) {
          ObjectNode o = arr.addObject();
          o.put("timeUnixNano", pt.timeNanos());
          o.put("count", pt.count());
          o.put("sum", pt.sum());
          o.put("min", pt.min());
          o.put("max", pt.max());
          o.put("avg", pt.avg());
        }
        sendJson(response, callback, out);
      } else if (path.equals("/api/v1/functions")) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("functions");
        store.functions(since).forEach(f -> arr.add(QueryJson.function(f)));
        sendJson(response, callback, out);
      } else {
        send(response, callback, 404, error("no such endpoint: " + path + " (see docs/api.md)"));
      }
    } catch (QueryParams.BadParameter e) {
      send(response, callback, 400, error(e.getMessage()));
    }
  }

  // ---------------------------------------------------------------- answers

  static byte[] error(String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", message);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void send(Response response, Callback callback, int status, byte[] body) {
    send(response, callback, status, body, "application/json");
  }

  private static void sendJson(Response response, Callback callback, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    }
    send(response, callback, 200, bytes, "application/json");
  }

  static void send(Response response, Callback callback, int status, byte[] body, String type) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public void close() throws Exception {
    server.stop();
    store.close();
  }
}
