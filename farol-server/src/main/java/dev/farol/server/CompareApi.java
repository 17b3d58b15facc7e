package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.SpanRow;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/compare?a=&b=}: the structural diff of two traces ({@link TraceDiff}), {@code a} the baseline
 * (docs/api.md). Each trace is read by id as {@code /api/v1/traces/{traceId}} reads it; 404 names the one that is
 * unknown.
 */
final class CompareApi {
  static final String PATH = "/api/v1/compare";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;

  CompareApi(Store store) {
    this.store = store;
  }

  /** The answer, or {@code null} with {@code missing[0]} naming the unknown trace. */
  ObjectNode answer(String a, String b, String[] missing) throws StoreException, QueryParams.BadParameter {
    if (a == null || a.isEmpty() || b == null || b.isEmpty()) {
      throw new QueryParams.BadParameter("a and b are required: the two traces' ids, e.g. a=4bf92f3577b34da6a3ce929d0e"
          + "0e4736&b=0af7651916cd43dd8448eb211c80319c");
    }
    byte[] idA = QueryParams.traceId(a);
    byte[] idB = QueryParams.traceId(b);
    List<SpanRow> spansA = store.trace(idA);
    if (spansA.isEmpty()) {
      missing[0] = "no trace " + HexFormat.of().formatHex(idA) + " (a)";
      return null;
    }
    List<SpanRow> spansB = store.trace(idB);
    if (spansB.isEmpty()) {
      missing[0] = "no trace " + HexFormat.of().formatHex(idB) + " (b)";
      return null;
    }
    TraceDiff.Result diff = TraceDiff.of(spansA, spansB);
    ObjectNode out = JSON.createObjectNode();
    ObjectNode sa = summary(out.putObject("a"), idA, spansA);
    ObjectNode sb = summary(out.putObject("b"), idB, spansB);
    out.put("sameRoot", sa.get("rootName").equals(sb.get("rootName")) && sa.get("service").equals(sb.get("service")));
    ObjectNode counts = out.putObject("counts");
    for (Map.Entry<TraceDiff.Change, Integer> e : diff.counts().entrySet()) {
      counts.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
    }
    long startA = sa.get("startTimeUnixNano").asLong();
    long startB = sb.get("startTimeUnixNano").asLong();
    record Pending(TraceDiff.Node node, ArrayNode into) {}
    Deque<Pending> work = new ArrayDeque<>();
    ArrayNode roots = out.putArray("spans");
    for (int i = diff.roots().size() - 1; i >= 0; i--) {
      work.push(new Pending(diff.roots().get(i), roots));
    }
    while (!work.isEmpty()) {
      Pending p = work.pop();
      TraceDiff.Node n = p.node();
      ObjectNode o = p.into().addObject();
      o.put("service", n.service);
      o.put("name", n.name);
      o.put("change", n.change.name().toLowerCase(Locale.ROOT));
      side(o, "a", n.a, startA);
      side(o, "b", n.b, startB);
      o.put("deltaNanos", n.deltaNanos());
      ArrayNode children = o.putArray("children");
      for (int i = n.children.size() - 1; i >= 0; i--) {
        work.push(new Pending(n.children.get(i), children));
      }
    }
    return out;
  }

  private static void side(ObjectNode o, String field, SpanRow s, long traceStart) {
    if (s == null) {
      o.putNull(field);
      return;
    }
    ObjectNode side = o.putObject(field);
    side.put("spanId", HexFormat.of().formatHex(s.spanId()));
    side.put("startOffsetNanos", s.startNanos() - traceStart);
    side.put("durationNanos", TraceDiff.duration(s));
    side.put("error", s.statusCode() == 2);
  }

  /** The trace's id, root (the span without a parent, else the earliest), start, duration, span count and error. */
  private static ObjectNode summary(ObjectNode o, byte[] id, List<SpanRow> spans) {
    SpanRow root = spans.stream().filter(s -> s.parentSpanId() == null).findFirst().orElse(spans.get(0));
    long start = spans.stream().mapToLong(SpanRow::startNanos).min().orElse(0);
    long end = spans.stream().mapToLong(SpanRow::endNanos).max().orElse(0);
    o.put("traceId", HexFormat.of().formatHex(id));
    o.put("rootName", root.name());
    o.put("service", root.service());
    o.put("startTimeUnixNano", start);
    o.put("durationNanos", end - start);
    o.put("spanCount", spans.size());
    o.put("error", spans.stream().anyMatch(s -> s.statusCode() == 2));
    return o;
  }
}
