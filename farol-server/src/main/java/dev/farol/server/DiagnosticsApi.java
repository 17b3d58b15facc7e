package dev.farol.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.farol.server.store.DiagnosticRow;
import dev.farol.server.store.FunctionFinding;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import java.util.HexFormat;
import java.util.List;

/**
 * The query API's diagnostics (docs/api.md): what Farol's extension said of an invocation's hops and why one
 * broke, and a function's latest findings.
 *
 * <ul>
 *   <li>{@code GET /api/v1/invocations/{requestId}/diagnostics}: {@code {"requestId","function","traceId",
 *       "coldStart","hops":{"handler-loaded":"passed",…},"counts":{"spans","tracerSpans","logLines"},
 *       "findings":[<FindingJson>…]}}; 404 when none came for it.
 *   <li>{@code GET /api/v1/findings?function=F&since=15m}: per code the latest finding of the function,
 *       {@code {"function","findings":[{"lastSeenUnixNano","lastRequestId","invocations","finding":<FindingJson>}]}},
 *       the most recently seen first.
 * </ul>
 */
final class DiagnosticsApi {
  static final String INVOCATIONS = "/api/v1/invocations/";
  static final String SUFFIX = "/diagnostics";
  static final String FINDINGS = "/api/v1/findings";
  /** A request id longer than this is no request id: {@value} characters. */
  static final int MAX_REQUEST_ID = 128;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;

  DiagnosticsApi(Store store) {
    this.store = store;
  }

  /** This API answers the path. */
  static boolean handles(String path) {
    return path.equals(FINDINGS) || path.startsWith(INVOCATIONS) && path.endsWith(SUFFIX);
  }

  /** The answer to a path {@link #handles}, or {@code null} for a 404 whose message {@link #notFound} gives. */
  ObjectNode answer(String path, String function, long sinceNanos) throws StoreException, QueryParams.BadParameter {
    if (path.equals(FINDINGS)) {
      return findings(function, sinceNanos);
    }
    return invocation(requestId(path));
  }

  /** Why a path {@link #handles} has no answer. */
  static String notFound(String path) {
    return "no diagnostics for invocation " + path.substring(INVOCATIONS.length(), path.length() - SUFFIX.length())
        + " (Farol's extension sends them with each invocation's flush)";
  }

  static String requestId(String path) throws QueryParams.BadParameter {
    String id = path.length() < INVOCATIONS.length() + SUFFIX.length() ? ""
        : path.substring(INVOCATIONS.length(), path.length() - SUFFIX.length());
    if (id.isEmpty()) {
      throw new QueryParams.BadParameter("the request id is empty: use GET /api/v1/invocations/{requestId}"
          + "/diagnostics");
    }
    if (id.contains("/")) {
      throw new QueryParams.BadParameter("a request id has no '/', got '" + shorten(id) + "'");
    }
    if (id.length() > MAX_REQUEST_ID) {
      throw new QueryParams.BadParameter("a request id is at most " + MAX_REQUEST_ID + " characters, got "
          + id.length());
    }
    return id;
  }

  private ObjectNode invocation(String requestId) throws StoreException {
    List<DiagnosticRow> rows = store.diagnostics(requestId);
    if (rows.isEmpty()) {
      return null;
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("requestId", requestId);
    out.put("function", rows.get(0).function());
    byte[] traceId = rows.stream().filter(DiagnosticRow::hops).map(DiagnosticRow::traceId).filter(t -> t != null)
        .findFirst().orElse(rows.get(0).traceId());
    out.put("traceId", traceId == null ? null : HexFormat.of().formatHex(traceId));
    JsonNode hops = rows.stream().filter(DiagnosticRow::hops).reduce((a, b) -> b).map(r -> tree(r.json()))
        .orElse(JSON.createObjectNode());
    out.set("coldStart", hops.path("coldStart").isBoolean() ? hops.get("coldStart") : null);
    out.set("hops", hops.path("hops").isObject() ? hops.get("hops") : JSON.createObjectNode());
    out.set("counts", hops.path("counts").isObject() ? hops.get("counts") : JSON.createObjectNode());
    ArrayNode findings = out.putArray("findings");
    for (DiagnosticRow r : rows) {
      if (!r.hops()) {
        findings.addRawValue(new RawValue(r.json()));
      }
    }
    return out;
  }

  private ObjectNode findings(String function, long sinceNanos) throws StoreException, QueryParams.BadParameter {
    if (function == null || function.isEmpty()) {
      throw new QueryParams.BadParameter("function is required, e.g. function=clean-math");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("function", function);
    ArrayNode arr = out.putArray("findings");
    for (FunctionFinding f : store.findings(function, sinceNanos)) {
      ObjectNode o = arr.addObject();
      o.put("lastSeenUnixNano", f.lastSeenNanos());
      o.put("lastRequestId", f.lastRequestId());
      o.put("invocations", f.invocations());
      o.putRawValue("finding", new RawValue(f.json()));
    }
    return out;
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // written at ingest from a tree: only a store edited by hand gets here
      throw new IllegalStateException("a stored hops record is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
