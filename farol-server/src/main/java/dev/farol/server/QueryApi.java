package dev.farol.server;

import static dev.farol.server.FarolServer.error;
import static dev.farol.server.FarolServer.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.catalog.FunctionCatalog;
import dev.farol.server.store.LogRow;
import dev.farol.server.store.SpanRow;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import java.util.HexFormat;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The query API ({@code GET /api/v1/...} on the query port; docs/api.md): traces, logs, invocations, metrics,
 * ingest statistics, and through {@link FunctionsApi}, {@link FunctionApi}, {@link InvocationsApi} and {@link
 * DiagnosticsApi} the functions overview, a function's page, pages of invocations and the extension's
 * diagnostics; trace search ({@link TraceSearchApi}), trace compare ({@link CompareApi}) and log search with its
 * live tail ({@link LogsApi}). Read-only: another method answers 405. A bad parameter answers 400 with a message
 * naming it, an unknown path 404, both as {@code {"error": "..."}}.
 */
final class QueryApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final Ingest ingest;
  private final DiagnosticsApi diagnostics;
  private final FunctionsApi functions;
  private final FunctionApi function;
  private final InvocationsApi invocations;
  private final TraceSearchApi traceSearch;
  private final CompareApi compare;
  private final LogsApi logsApi;
  private final TracesApi traces;

  QueryApi(Store store, Ingest ingest, FunctionCatalog catalog) {
    this.store = store;
    this.ingest = ingest;
    this.diagnostics = new DiagnosticsApi(store);
    this.functions = new FunctionsApi(store);
    this.function = new FunctionApi(store, catalog);
    this.invocations = new InvocationsApi(store);
    this.traceSearch = new TraceSearchApi(store);
    this.compare = new CompareApi(store);
    this.logsApi = new LogsApi(store);
    this.traces = new TracesApi(store);
  }

  /** Answers a query API request (any path under {@code /api/}); the caller has checked the API key. */
  void handle(Request request, Response response, Callback callback) throws StoreException {
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
        sendJson(response, callback, ingest.stats().json(ingest.admission()));
      } else if (path.equals(TraceSearchApi.PATH)) {
        sendJson(response, callback, traceSearch.answer(params));
      } else if (path.equals(CompareApi.PATH)) {
        String[] missing = new String[1];
        ObjectNode answer = compare.answer(params.getValue("a"), params.getValue("b"), missing);
        if (answer == null) {
          send(response, callback, 404, error(missing[0]));
          return;
        }
        sendJson(response, callback, answer);
      } else if (TracesApi.handles(path)) {
        byte[] answer = traces.answer(path, params.getValue("offset"), params.getValue("limit"));
        if (answer == null) {
          send(response, callback, 404, error(TracesApi.notFound(path)));
          return;
        }
        send(response, callback, 200, answer, "application/json");
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
      } else if (path.equals(LogsApi.PATH)) {
        sendJson(response, callback, logsApi.answer(params));
      } else if (path.equals(InvocationsApi.PATH)) {
        sendJson(response, callback, invocations.answer(params, since, limit));
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
      } else if (path.equals(FunctionsApi.PATH)) {
        sendJson(response, callback, functions.answer(params.getValue("since"), params.getValue("until"),
            params.getValue("step")));
      } else if (FunctionApi.handles(path)) {
        sendJson(response, callback, function.answer(path, params.getValue("since"), params.getValue("until"),
            params.getValue("step")));
      } else {
        send(response, callback, 404, error("no such endpoint: " + path + " (see docs/api.md)"));
      }
    } catch (QueryParams.BadParameter e) {
      send(response, callback, 400, error(e.getMessage()));
    }
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
}
