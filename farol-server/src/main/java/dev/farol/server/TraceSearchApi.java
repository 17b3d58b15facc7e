package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import dev.farol.server.store.TracePage;
import dev.farol.server.store.TraceSearch;
import dev.farol.server.store.TraceSummary;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /api/v1/traces}: trace search with its total, cursor paging and, with {@code scatter=true}, every match
 * on a duration/time plane (docs/api.md). Compatible with the first form of the call: {@code service}, {@code name}
 * (the root's), {@code error}, {@code minDurationMs}, {@code since} and {@code limit} mean what they meant, and
 * {@code traces} comes as it came; {@code total}, {@code next} and {@code scatter} are new.
 *
 * <p>Paging is by position, not offset: results come newest first (by start, then trace id), and {@code next} is a
 * cursor saying where the page ended and for which window ({@code since}/{@code until} as the first page resolved
 * them), so pages neither repeat nor skip a trace while new traces arrive, and the total stays that of the window.
 */
final class TraceSearchApi {
  static final String PATH = "/api/v1/traces";
  /** Matches up to which the scatter gives each trace as a point: {@value}; beyond, bins. */
  static final int SCATTER_POINTS = 1000;
  /** Attribute filters at most: {@value}. */
  static final int MAX_ATTRIBUTES = 10;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROUTE = Pattern.compile("(?:([A-Za-z]+)\\s+)?(/\\S*)");

  private final Store store;

  TraceSearchApi(Store store) {
    this.store = store;
  }

  ObjectNode answer(Fields params) throws StoreException, QueryParams.BadParameter {
    long now = System.currentTimeMillis() * 1_000_000L;
    String error = params.getValue("error");
    if (error != null && !error.equals("true") && !error.equals("false")) {
      throw new QueryParams.BadParameter("error must be true or false, got '" + error + "'");
    }
    Long min = millis(params, "minDurationMs");
    Long max = millis(params, "maxDurationMs");
    if (min != null && max != null && min > max) {
      throw new QueryParams.BadParameter("minDurationMs must not exceed maxDurationMs, got " + params.getValue(
          "minDurationMs") + " and " + params.getValue("maxDurationMs"));
    }
    List<TraceSearch.AttributeFilter> attributes = attributes(params.getValues("attr"));
    TraceSearch.Route route = route(params.getValue("route"));
    int limit = QueryParams.limit(params.getValue("limit"), 100, 1000);
    String service = blankToNull(params.getValue("service"));
    String rootName = blankToNull(params.getValue("name"));
    String function = blankToNull(params.getValue("function"));
    String span = blankToNull(params.getValue("span"));
    String fingerprint = Cursor.fingerprint(String.join("\n", String.valueOf(service), String.valueOf(rootName),
        String.valueOf(function), String.valueOf(span), String.valueOf(route), String.valueOf(error),
        String.valueOf(min), String.valueOf(max), attributes.toString()));

    long since;
    long until;
    TraceSearch.Position after = null;
    String cursor = params.getValue("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      List<String> f = Cursor.decode("cursor", cursor, "t", fingerprint, 4);
      since = Cursor.number("cursor", cursor, f.get(0));
      until = Cursor.number("cursor", cursor, f.get(1));
      if (!f.get(3).matches("[0-9a-f]{32}")) {
        throw Cursor.notOurs("cursor", cursor);
      }
      after = new TraceSearch.Position(Cursor.number("cursor", cursor, f.get(2)), HexFormat.of().parseHex(f.get(3)));
    } else {
      since = QueryParams.since(params.getValue("since"), 60L * 60 * 1_000_000_000L);
      String u = params.getValue("until");
      until = u == null || u.isEmpty() ? now : QueryParams.instant("until", u, now);
      if (until < since) {
        throw new QueryParams.BadParameter("until must not come before since, got since=" + since + " until="
            + until + " (Unix nanoseconds)");
      }
    }
    boolean scatter = "true".equals(params.getValue("scatter"));
    TracePage page = store.findTraces(new TraceSearch(service, rootName, function, span, route,
        error == null ? null : Boolean.valueOf(error), min, max, attributes, since, until, after, limit),
        scatter ? SCATTER_POINTS : -1);

    ObjectNode out = JSON.createObjectNode();
    ArrayNode arr = out.putArray("traces");
    for (TraceSummary t : page.traces()) {
      ObjectNode o = arr.addObject();
      o.put("traceId", HexFormat.of().formatHex(t.traceId()));
      o.put("rootName", t.rootName());
      o.put("service", t.service());
      o.put("startTimeUnixNano", t.startNanos());
      o.put("durationNanos", t.durationNanos());
      o.put("spanCount", t.spanCount());
      o.put("error", t.error());
    }
    out.put("total", page.total());
    if (page.more()) {
      TraceSummary last = page.traces().get(page.traces().size() - 1);
      out.put("next", Cursor.encode("t", fingerprint, List.of(Long.toString(since), Long.toString(until),
          Long.toString(last.startNanos()), HexFormat.of().formatHex(last.traceId()))));
    } else {
      out.putNull("next");
    }
    ObjectNode window = out.putObject("window");
    window.put("fromUnixNano", since);
    window.put("toUnixNano", until);
    if (page.scatter() != null) {
      out.set("scatter", scatter(page.scatter()));
    }
    return out;
  }

  private static ObjectNode scatter(TracePage.Scatter s) {
    ObjectNode o = JSON.createObjectNode();
    if (!s.bins().isEmpty()) {
      o.put("kind", "bins");
      ArrayNode bins = o.putArray("bins");
      for (TracePage.Bin b : s.bins()) {
        ObjectNode bin = bins.addObject();
        bin.put("fromUnixNano", b.fromNanos());
        bin.put("toUnixNano", b.toNanos());
        bin.put("minDurationNanos", b.minDurationNanos());
        bin.put("maxDurationNanos", b.maxDurationNanos());
        bin.put("count", b.count());
        bin.put("errors", b.errors());
      }
    } else {
      o.put("kind", "points");
      ArrayNode points = o.putArray("points");
      for (TracePage.Point p : s.points()) {
        ObjectNode point = points.addObject();
        point.put("traceId", HexFormat.of().formatHex(p.traceId()));
        point.put("startTimeUnixNano", p.startNanos());
        point.put("durationNanos", p.durationNanos());
        point.put("error", p.error());
      }
    }
    return o;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  private static Long millis(Fields params, String name) throws QueryParams.BadParameter {
    String v = params.getValue(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    double ms;
    try {
      ms = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      ms = Double.NaN;
    }
    if (!(ms >= 0) || Double.isInfinite(ms)) {
      throw new QueryParams.BadParameter(name + " must be a number of milliseconds, 0 or more, got '" + v + "'");
    }
    return Math.round(ms * 1_000_000);
  }

  /** {@code attr=key=value} filters (the first {@code =} ends the key). */
  static List<TraceSearch.AttributeFilter> attributes(List<String> values) throws QueryParams.BadParameter {
    List<TraceSearch.AttributeFilter> out = new ArrayList<>();
    if (values == null) {
      return out;
    }
    for (String v : values) {
      if (v.isEmpty()) {
        continue;
      }
      int eq = v.indexOf('=');
      if (eq <= 0) {
        throw new QueryParams.BadParameter("attr must be key=value, e.g. attr=http.response.status_code=500, got '"
            + v + "'");
      }
      out.add(new TraceSearch.AttributeFilter(v.substring(0, eq), v.substring(eq + 1)));
    }
    if (out.size() > MAX_ATTRIBUTES) {
      throw new QueryParams.BadParameter("attr may be given at most " + MAX_ATTRIBUTES + " times, got "
          + out.size());
    }
    return out;
  }

  /** {@code route}: a path such as {@code /installments/{id}/payments}, after a method or not. */
  static TraceSearch.Route route(String value) throws QueryParams.BadParameter {
    if (value == null || value.isBlank()) {
      return null;
    }
    Matcher m = ROUTE.matcher(value.trim());
    if (!m.matches()) {
      throw new QueryParams.BadParameter("route must be a path such as /installments/{id}/payments, after a "
          + "method or not (POST /installments/{id}/payments), got '" + value + "'");
    }
    String method = m.group(1);
    return new TraceSearch.Route(method == null ? null : method.toUpperCase(java.util.Locale.ROOT), m.group(2));
  }
}
