package dev.farol.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.LogQuery;
import dev.farol.server.store.LogRow;
import dev.farol.server.store.SpanOutline;
import dev.farol.server.store.SpanRow;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace view's reads of one trace, for traces of any size (docs/api.md); {@code GET /api/v1/traces/{id}}
 * stays as it is for small traces and the callers that have it.
 *
 * <ul>
 *   <li>{@code GET /api/v1/traces/{id}/outline}: the summary (start, end, duration, span count, services, errors,
 *       root), every span in display order ({@link TraceLayout}) as columns (id, parent's index, start after the
 *       trace's start, duration, service and name as indexes into {@code summary.services} and {@code names},
 *       status), and the trace's log lines (at most {@value #LOG_LIMIT}, oldest first). About 40 bytes a span.
 *   <li>{@code GET /api/v1/traces/{id}/spans?offset=&limit=}: whole spans (attributes, events, links) in display
 *       order from {@code offset} (default 0), at most {@code limit} (1..{@value #MAX_WINDOW}, default
 *       {@value #DEFAULT_WINDOW}), each with its {@code index}, {@code depth} and {@code parentIndex}, with the
 *       trace's {@code total}; the first window ({@code offset=0}) also has the summary.
 * </ul>
 *
 * Both read the trace's outline from the store (only its spans' tree and time columns, in its pruned range); the
 * windows then read the whole rows of the spans they give only. An unknown trace is a 404; a bad id, offset or
 * limit a 400 naming it.
 */
final class TracesApi {
  static final String PREFIX = "/api/v1/traces/";
  static final String OUTLINE = "/outline";
  static final String SPANS = "/spans";
  /** Log lines at most in an outline: {@value}, as {@code GET /api/v1/traces/{id}} gives. */
  static final int LOG_LIMIT = 1000;
  static final int DEFAULT_WINDOW = 500;
  static final int MAX_WINDOW = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private final Store store;

  TracesApi(Store store) {
    this.store = store;
  }

  /** This API answers the path. */
  static boolean handles(String path) {
    return path.startsWith(PREFIX) && (path.endsWith(OUTLINE) || path.endsWith(SPANS))
        && path.indexOf('/', PREFIX.length()) == path.lastIndexOf('/');
  }

  /** Why a path {@link #handles} has no answer: the trace is unknown. */
  static String notFound(String path) {
    return "no trace " + traceHex(path);
  }

  /** The JSON answer to a path {@link #handles}, or {@code null} when the trace is unknown. */
  byte[] answer(String path, String offset, String limit) throws StoreException, QueryParams.BadParameter {
    byte[] traceId = QueryParams.traceId(traceHex(path));
    if (path.endsWith(OUTLINE)) {
      return outline(traceId);
    }
    int from = offset(offset);
    int size = QueryParams.limit(limit, DEFAULT_WINDOW, MAX_WINDOW);
    return window(traceId, from, size);
  }

  private static String traceHex(String path) {
    return path.substring(PREFIX.length(), path.lastIndexOf('/'));
  }

  private static int offset(String value) throws QueryParams.BadParameter {
    if (value == null) {
      return 0;
    }
    try {
      int v = Integer.parseInt(value);
      if (v < 0) {
        throw new QueryParams.BadParameter("offset must be 0 or more, got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new QueryParams.BadParameter("offset must be a number, got '" + value + "'");
    }
  }

  /** A trace's spans with their layout and what sums them up. */
  private record Laid(List<SpanOutline> spans, TraceLayout layout, long start, long end, List<String> services,
      int errors) {
    static Laid of(List<SpanOutline> spans) {
      TraceLayout layout = TraceLayout.of(spans);
      long start = Long.MAX_VALUE;
      long end = Long.MIN_VALUE;
      int errors = 0;
      Map<String, Integer> services = new LinkedHashMap<>();
      for (int i : layout.order) {
        SpanOutline s = spans.get(i);
        start = Math.min(start, s.startNanos());
        end = Math.max(end, s.endNanos());
        errors += s.statusCode() == 2 ? 1 : 0;
        services.putIfAbsent(text(s.service()), services.size());
      }
      return new Laid(spans, layout, start, Math.max(start, end), List.copyOf(services.keySet()), errors);
    }

    SpanOutline shown(int i) {
      return spans.get(layout.order[i]);
    }

    void summary(JsonGenerator g, byte[] traceId) throws IOException {
      g.writeObjectFieldStart("summary");
      g.writeStringField("traceId", HexFormat.of().formatHex(traceId));
      g.writeNumberField("startTimeUnixNano", start);
      g.writeNumberField("endTimeUnixNano", end);
      g.writeNumberField("durationNanos", end - start);
      g.writeNumberField("spanCount", spans.size());
      g.writeArrayFieldStart("services");
      for (String s : services) {
        g.writeString(s);
      }
      g.writeEndArray();
      g.writeNumberField("errorCount", errors);
      g.writeStringField("rootName", shown(0).name());
      g.writeStringField("rootService", shown(0).service());
      g.writeEndObject();
    }
  }

  private byte[] outline(byte[] traceId) throws StoreException {
    List<SpanOutline> spans = store.traceOutline(traceId);
    if (spans.isEmpty()) {
      return null;
    }
    Laid t = Laid.of(spans);
    List<LogRow> logs = store.logs(new LogQuery(traceId, null, null, null, Store.logsSince(t.start()), LOG_LIMIT));
    int n = spans.size();
    Map<String, Integer> services = new HashMap<>();
    t.services().forEach(s -> services.put(s, services.size()));
    Map<String, Integer> names = new LinkedHashMap<>();
    int[] serviceOf = new int[n];
    int[] nameOf = new int[n];
    for (int i = 0; i < n; i++) {
      SpanOutline s = t.shown(i);
      serviceOf[i] = services.get(text(s.service()));
      Integer name = names.putIfAbsent(text(s.name()), names.size());
      nameOf[i] = name == null ? names.size() - 1 : name;
    }
    return write(g -> {
      g.writeStringField("traceId", HexFormat.of().formatHex(traceId));
      t.summary(g, traceId);
      g.writeArrayFieldStart("names");
      for (String name : names.keySet()) {
        g.writeString(name);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("spans");
      g.writeArrayFieldStart("spanId");
      for (int i = 0; i < n; i++) {
        g.writeString(HexFormat.of().formatHex(t.shown(i).spanId()));
      }
      g.writeEndArray();
      column(g, "parent", n, i -> t.layout().parent[i]);
      column(g, "start", n, i -> t.shown(i).startNanos() - t.start());
      column(g, "duration", n, i -> Math.max(0, t.shown(i).endNanos() - t.shown(i).startNanos()));
      column(g, "service", n, i -> serviceOf[i]);
      column(g, "name", n, i -> nameOf[i]);
      column(g, "status", n, i -> t.shown(i).statusCode());
      g.writeEndObject();
      g.writeNumberField("logLimit", LOG_LIMIT);
      g.writeArrayFieldStart("logs");
      for (LogRow l : logs) {
        JSON.writeTree(g, QueryJson.log(l));
      }
      g.writeEndArray();
    });
  }

  private byte[] window(byte[] traceId, int offset, int limit) throws StoreException, QueryParams.BadParameter {
    List<SpanOutline> spans = store.traceOutline(traceId);
    if (spans.isEmpty()) {
      return null;
    }
    int n = spans.size();
    if (offset > n) {
      throw new QueryParams.BadParameter("offset must be 0.." + n + " (the trace has " + n + " spans), got "
          + offset);
    }
    Laid t = Laid.of(spans);
    int end = Math.min(n, offset + limit);
    List<byte[]> ids = new ArrayList<>(end - offset);
    for (int i = offset; i < end; i++) {
      ids.add(t.shown(i).spanId());
    }
    Map<ByteBuffer, SpanRow> rows = new HashMap<>();
    for (SpanRow r : store.traceSpans(traceId, ids)) {
      rows.put(ByteBuffer.wrap(r.spanId()), r);
    }
    return write(g -> {
      g.writeStringField("traceId", HexFormat.of().formatHex(traceId));
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", limit);
      g.writeNumberField("total", n);
      if (offset == 0) {
        t.summary(g, traceId);
      }
      g.writeArrayFieldStart("spans");
      for (int i = offset; i < end; i++) {
        SpanRow row = rows.get(ByteBuffer.wrap(ids.get(i - offset)));
        if (row != null) {
          ObjectNode o = QueryJson.span(row);
          o.put("index", i);
          o.put("depth", t.layout().depth[i]);
          o.put("parentIndex", t.layout().parent[i]);
          JSON.writeTree(g, o);
        }
      }
      g.writeEndArray();
    });
  }

  /** A service or name as the outline gives it: a missing one is empty. */
  private static String text(String s) {
    return s == null ? "" : s;
  }

  private interface Column {
    long at(int i);
  }

  private static void column(JsonGenerator g, String name, int n, Column values) throws IOException {
    g.writeArrayFieldStart(name);
    for (int i = 0; i < n; i++) {
      g.writeNumber(values.at(i));
    }
    g.writeEndArray();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** An object written field by field: an outline of 100,000 spans is a few megabytes, never a tree of nodes. */
  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setCodec(JSON);
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory does not fail", e);
    }
    return out.toByteArray();
  }
}
