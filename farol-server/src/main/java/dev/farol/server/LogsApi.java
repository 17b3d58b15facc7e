package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.LogPage;
import dev.farol.server.store.LogSearch;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /api/v1/logs}: log search by trace, request, function, text, level and time, with cursor paging in
 * either order, and the live tail (docs/api.md). Compatible with the first form of the call: without the new
 * parameters the lines come oldest first as before, each now with its {@code level}.
 *
 * <p>Every answer has a {@code tail} cursor: given back as {@code tail=}, it answers the lines stored since (by
 * arrival, oldest first, with the same filters and whatever their time), and a new {@code tail}; a search and then
 * its tail steps see every line once. {@code next} continues a search in its order over what its first page saw
 * (the window as the first page resolved it, the lines stored by then); lines stored later come with the tail.
 */
final class LogsApi {
  static final String PATH = "/api/v1/logs";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;

  LogsApi(Store store) {
    this.store = store;
  }

  ObjectNode answer(Fields params) throws StoreException, QueryParams.BadParameter {
    long now = System.currentTimeMillis() * 1_000_000L;
    String tid = blankToNull(params.getValue("traceId"));
    byte[] traceId = tid == null ? null : QueryParams.traceId(tid);
    String requestId = blankToNull(params.getValue("requestId"));
    String function = blankToNull(params.getValue("function"));
    String text = blankToNull(params.getValue("q"));
    Set<String> levels = levels(params.getValue("level"));
    String order = params.getValue("order");
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw new QueryParams.BadParameter("order must be asc (oldest first) or desc (newest first), got '" + order
          + "'");
    }
    boolean newestFirst = "desc".equals(order);
    int limit = QueryParams.limit(params.getValue("limit"), 100, 1000);
    String fingerprint = Cursor.fingerprint(String.join("\n", String.valueOf(tid), String.valueOf(requestId),
        String.valueOf(function), String.valueOf(text), levels.toString(), String.valueOf(newestFirst)));

    String tail = blankToNull(params.getValue("tail"));
    String cursor = blankToNull(params.getValue("cursor"));
    long since;
    long until;
    LogSearch.Position after = null;
    Long upTo = null;
    Long tailAfter = null;
    if (tail != null) {
      List<String> f = Cursor.decode("tail", tail, "g", fingerprint, 1);
      tailAfter = Cursor.number("tail", tail, f.get(0));
      since = 0;
      until = Long.MAX_VALUE;
    } else if (cursor != null) {
      List<String> f = Cursor.decode("cursor", cursor, "l", fingerprint, 5);
      since = Cursor.number("cursor", cursor, f.get(0));
      until = Cursor.number("cursor", cursor, f.get(1));
      upTo = Cursor.number("cursor", cursor, f.get(2));
      after = new LogSearch.Position(Cursor.number("cursor", cursor, f.get(3)), Cursor.number("cursor", cursor,
          f.get(4)));
    } else {
      // by trace or request, every time, as before (a trace's lines may start before the window)
      boolean byId = traceId != null || requestId != null;
      since = byId ? 0 : QueryParams.since(params.getValue("since"), 60L * 60 * 1_000_000_000L);
      String u = params.getValue("until");
      until = u == null || u.isEmpty() ? Long.MAX_VALUE : QueryParams.instant("until", u, now);
      if (until < since) {
        throw new QueryParams.BadParameter("until must not come before since, got since=" + since + " until="
            + until + " (Unix nanoseconds)");
      }
    }
    LogPage page = store.findLogs(new LogSearch(traceId, requestId, function, text, levels, since, until,
        newestFirst, after, upTo, tailAfter, limit));

    ObjectNode out = JSON.createObjectNode();
    ArrayNode arr = out.putArray("logs");
    for (LogPage.Line line : page.lines()) {
      ObjectNode o = QueryJson.log(line.row());
      o.put("level", line.level());
      arr.add(o);
    }
    if (tailAfter == null && page.more()) {
      LogPage.Line last = page.lines().get(page.lines().size() - 1);
      out.put("next", Cursor.encode("l", fingerprint, List.of(Long.toString(since), Long.toString(until),
          Long.toString(page.tail()), Long.toString(last.row().timeNanos()), Long.toString(last.seq()))));
    } else {
      out.putNull("next");
    }
    out.put("tail", Cursor.encode("g", fingerprint, List.of(Long.toString(page.tail()))));
    if (tailAfter != null) {
      out.put("more", page.more());
    }
    return out;
  }

  /** {@code level=error,warn}: levels of {@link LogPage#LEVELS}, any case. */
  static Set<String> levels(String value) throws QueryParams.BadParameter {
    Set<String> out = new LinkedHashSet<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    for (String part : value.split(",")) {
      String level = part.trim().toUpperCase(Locale.ROOT);
      if (level.isEmpty()) {
        continue;
      }
      if (!LogPage.LEVELS.contains(level)) {
        throw new QueryParams.BadParameter("level must be one or more of trace, debug, info, warn, error, fatal "
            + "(comma-separated), got '" + part.trim() + "'");
      }
      out.add(level);
    }
    return out;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
