package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.InvocationCursor;
import dev.farol.server.store.InvocationQuery;
import dev.farol.server.store.InvocationRow;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import java.util.List;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /api/v1/invocations?function=&since=&until=&coldStart=&error=&minDurationMs=&limit=&cursor=}: a page of
 * invocations, newest first (by start time, then request id), with the cursors of the pages beside it
 * (docs/api.md):
 *
 * <pre>{@code
 * {"invocations":[{"requestId",…,"trigger":"http"}],"nextCursor":"bzE3OTU…","prevCursor":null}
 * }</pre>
 *
 * <p>{@code nextCursor} asks for the page after this one (older invocations) and is {@code null} when there is none;
 * {@code prevCursor} the page before it (newer), {@code null} on the first page. A cursor is a place in the list (an
 * invocation's start time and request id), not an offset: invocations that arrive while a client pages neither
 * repeat a row nor skip one. A cursor given back with other filters is a 400 ({@link Cursor}).
 */
final class InvocationsApi {
  static final String PATH = "/api/v1/invocations";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;

  InvocationsApi(Store store) {
    this.store = store;
  }

  ObjectNode answer(Fields params, long sinceNanos, int limit) throws StoreException, QueryParams.BadParameter {
    String until = params.getValue("until");
    long untilNanos = until == null || until.isEmpty() ? Long.MAX_VALUE
        : QueryParams.instant("until", until, System.currentTimeMillis() * 1_000_000L);
    if (untilNanos < sinceNanos) {
      throw new QueryParams.BadParameter("until must not come before since, got since=" + sinceNanos + " until="
          + untilNanos + " (Unix nanoseconds)");
    }
    String fingerprint = InvocationCursors.fingerprint(params.getValue("function"), params.getValue("coldStart"),
        params.getValue("error"), params.getValue("minDurationMs"));
    String cursorText = params.getValue("cursor");
    InvocationCursor cursor = cursorText == null || cursorText.isEmpty() ? null
        : InvocationCursors.decode(cursorText, fingerprint);
    InvocationQuery query = new InvocationQuery(params.getValue("function"), sinceNanos, untilNanos,
        bool(params, "coldStart"), bool(params, "error"), minDuration(params.getValue("minDurationMs")), cursor,
        limit + 1);
    // one more than the page, to tell whether there is a page beyond it
    List<InvocationRow> rows = store.invocations(query);
    boolean newer = cursor != null && !cursor.older();
    boolean beyond = rows.size() > limit;
    List<InvocationRow> page = !beyond ? rows : newer ? rows.subList(1, rows.size()) : rows.subList(0, limit);
    InvocationCursor next = page.isEmpty() || !newer && !beyond ? null
        : InvocationCursor.after(page.get(page.size() - 1));
    InvocationCursor prev = page.isEmpty() || cursor == null || newer && !beyond ? null
        : InvocationCursor.before(page.get(0));

    ObjectNode out = JSON.createObjectNode();
    ArrayNode arr = out.putArray("invocations");
    for (InvocationRow inv : page) {
      arr.add(QueryJson.invocation(inv, null));
    }
    out.put("nextCursor", next == null ? null : InvocationCursors.encode(next, fingerprint));
    out.put("prevCursor", prev == null ? null : InvocationCursors.encode(prev, fingerprint));
    return out;
  }

  private static Boolean bool(Fields params, String name) throws QueryParams.BadParameter {
    String v = params.getValue(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw new QueryParams.BadParameter(name + " must be true or false, got '" + v + "'");
    }
    return Boolean.valueOf(v);
  }

  private static Double minDuration(String v) throws QueryParams.BadParameter {
    if (v == null || v.isEmpty()) {
      return null;
    }
    double ms;
    try {
      ms = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new QueryParams.BadParameter("minDurationMs must be a number of milliseconds, got '" + v + "'");
    }
    if (!(ms >= 0) || Double.isInfinite(ms)) {
      throw new QueryParams.BadParameter("minDurationMs must be 0 or more milliseconds, got '" + v + "'");
    }
    return ms;
  }
}
