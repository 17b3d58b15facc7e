package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.Batch;
import dev.farol.server.store.LogQuery;
import dev.farol.server.store.LogRow;
import dev.farol.server.store.SpanRow;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import dev.farol.server.store.TraceQuery;
import dev.farol.server.store.TraceSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
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
 * only once the store has it durably; a retried batch stores nothing twice.
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
   */
  public record Settings(String host, int ingestPort, int queryPort, String apiKey, long maxBodyBytes) {
    public static Settings defaults() {
      return new Settings("127.0.0.1", 4318, 7070, null, DEFAULT_MAX_BODY);
    }

    public Settings withPorts(int ingest, int query) {
      return new Settings(host, ingest, query, apiKey, maxBodyBytes);
    }

    public Settings withApiKey(String key) {
      return new Settings(host, ingestPort, queryPort, key, maxBodyBytes);
    }

    public Settings withMaxBodyBytes(long max) {
      return new Settings(host, ingestPort, queryPort, apiKey, max);
    }
  }

  private final Settings settings;
  private final Store store;
  private final Server server;
  private final ServerConnector ingest;
  private final ServerConnector query;
  private final AtomicLong spansAccepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  public FarolServer(Settings settings, Store store) {
    this.settings = settings;
    this.store = store;
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
            ingest(request, response, callback);
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
    return spansAccepted.get();
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

  // ---------------------------------------------------------------- ingest

  private void ingest(Request request, Response response, Callback callback) throws IOException {
    String path = request.getHttpURI().getPath();
    if (path.equals("/api/v2/spans")) {
      zipkin(request, response, callback);
      return;
    }
    OtlpDecoder.Signal signal = switch (path) {
      case "/v1/traces" -> OtlpDecoder.Signal.TRACES;
      case "/v1/logs" -> OtlpDecoder.Signal.LOGS;
      case "/v1/metrics" -> OtlpDecoder.Signal.METRICS;
      default -> null;
    };
    if (signal == null) {
      send(response, callback, 404, error("no such endpoint: " + path + " (OTLP/HTTP: /v1/traces, /v1/logs, "
          + "/v1/metrics)"));
      return;
    }
    if (!request.getMethod().equals("POST")) {
      send(response, callback, 405, error("use POST"));
      return;
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    boolean json = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    boolean proto = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-protobuf");
    if (!json && !proto) {
      send(response, callback, 415, error("Content-Type must be application/x-protobuf or application/json, got "
          + type));
      return;
    }
    long declared = request.getLength();
    if (declared > settings.maxBodyBytes()) {
      rejected.incrementAndGet();
      if (declared <= 8 * settings.maxBodyBytes()) {
        // read what the client is sending before answering, so that it sees the 413 rather than a reset
        try {
          Content.Source.consumeAll(request);
        } catch (Exception e) {
          // the answer goes out anyway
        }
      }
      send(response, callback, 413, error("request body of " + declared + " bytes is over the limit of "
          + settings.maxBodyBytes()));
      return;
    }
    byte[] body;
    try {
      body = readBody(request, "gzip".equalsIgnoreCase(request.getHeaders().get(HttpHeader.CONTENT_ENCODING)));
    } catch (TooLarge e) {
      rejected.incrementAndGet();
      try {
        Content.Source.consumeAll(request);
      } catch (Exception drained) {
        // the answer goes out anyway
      }
      send(response, callback, 413, error(e.getMessage()));
      return;
    } catch (IOException e) {
      rejected.incrementAndGet();
      send(response, callback, 400, error("cannot read the request body: " + e.getMessage()));
      return;
    }
    Batch batch;
    try {
      batch = OtlpDecoder.decode(signal, body, json);
    } catch (OtlpDecoder.MalformedException e) {
      rejected.incrementAndGet();
      send(response, callback, 400, error(e.getMessage()));
      return;
    }
    try {
      store.write(batch);
    } catch (StoreException e) {
      LOG.warn("ingest: {}", e.getMessage());
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      send(response, callback, 503, error("the store is not accepting data right now; retry"));
      return;
    }
    spansAccepted.addAndGet(batch.spans().size());
    if (json) {
      send(response, callback, 200, "{}".getBytes(StandardCharsets.UTF_8), "application/json");
    } else {
      // an empty Export*ServiceResponse: no partial success to report
      send(response, callback, 200, new byte[0], "application/x-protobuf");
    }
  }

  /** Zipkin v2 spans at {@code POST /api/v2/spans} (JSON, or proto3 with application/x-protobuf): 202 once stored. */
  private void zipkin(Request request, Response response, Callback callback) throws IOException {
    if (!request.getMethod().equals("POST")) {
      send(response, callback, 405, error("use POST"));
      return;
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    boolean proto = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-protobuf");
    byte[] body;
    try {
      body = readBody(request, "gzip".equalsIgnoreCase(request.getHeaders().get(HttpHeader.CONTENT_ENCODING)));
    } catch (TooLarge e) {
      rejected.incrementAndGet();
      send(response, callback, 413, error(e.getMessage()));
      return;
    }
    Batch batch;
    try {
      batch = Batch.ofSpans(ZipkinDecoder.decode(body, proto));
    } catch (OtlpDecoder.MalformedException e) {
      rejected.incrementAndGet();
      send(response, callback, 400, error(e.getMessage()));
      return;
    }
    try {
      store.write(batch);
    } catch (StoreException e) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      send(response, callback, 503, error("the store is not accepting data right now; retry"));
      return;
    }
    spansAccepted.addAndGet(batch.spans().size());
    send(response, callback, 202, new byte[0], "application/json");
  }

  private static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  private byte[] readBody(Request request, boolean gzip) throws IOException {
    long max = settings.maxBodyBytes();
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
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
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
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
      if (path.equals("/api/v1/traces")) {
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
        var spans = store.trace(id);
        if (spans.isEmpty()) {
          send(response, callback, 404, error("no trace " + HexFormat.of().formatHex(id)));
          return;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("traceId", HexFormat.of().formatHex(id));
        ArrayNode arr = out.putArray("spans");
        for (SpanRow s : spans) {
          arr.add(QueryJson.span(s));
        }
        ArrayNode logs = out.putArray("logs");
        for (LogRow l : store.logs(new LogQuery(id, null, null, null, 0, 1000))) {
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

  private static byte[] error(String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", message);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void send(Response response, Callback callback, int status, byte[] body) {
    send(response, callback, status, body, "application/json");
  }

  private static void sendJson(Response response, Callback callback, ObjectNode body) {
    send(response, callback, 200, body.toString().getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static void send(Response response, Callback callback, int status, byte[] body, String type) {
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
