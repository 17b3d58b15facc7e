package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.FunctionBucket;
import dev.farol.server.store.FunctionSummary;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/functions?since=&until=&step=}: every function's summary over a window and its invocations,
 * errors and cold starts per bucket, in one answer read from the aggregates kept at ingest (docs/api.md).
 *
 * <p>The window and its buckets are {@link SeriesWindow}'s; every function's series has one value per bucket, zeros
 * included.
 */
final class FunctionsApi {
  static final String PATH = "/api/v1/functions";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;

  FunctionsApi(Store store) {
    this.store = store;
  }

  ObjectNode answer(String since, String until, String step) throws StoreException, QueryParams.BadParameter {
    SeriesWindow w = SeriesWindow.of(since, until, step);
    int buckets = w.buckets();
    List<FunctionSummary> summaries = store.functions(w.sinceNanos(), w.untilNanos());
    Map<String, long[][]> series = new HashMap<>();
    for (FunctionBucket b : store.functionSeries(w.sinceNanos(), w.untilNanos(), w.stepNanos())) {
      int i = w.index(b.startNanos());
      if (i >= 0) {
        long[][] s = series.computeIfAbsent(b.function(), f -> new long[3][buckets]);
        s[0][i] += b.invocations();
        s[1][i] += b.errors();
        s[2][i] += b.coldStarts();
      }
    }

    ObjectNode out = JSON.createObjectNode();
    w.json(out.putObject("window"));
    ArrayNode arr = out.putArray("functions");
    for (FunctionSummary f : summaries) {
      ObjectNode o = QueryJson.function(f);
      long[][] s = series.getOrDefault(f.name(), new long[3][buckets]);
      ObjectNode json = o.putObject("series");
      values(json.putArray("invocations"), s[0]);
      values(json.putArray("errors"), s[1]);
      values(json.putArray("coldStarts"), s[2]);
      arr.add(o);
    }
    return out;
  }

  private static void values(ArrayNode to, long[] values) {
    for (long v : values) {
      to.add(v);
    }
  }
}
