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
 * <p>The window runs from the minute holding {@code since} (default an hour ago) to the end of the minute holding
 * {@code until} (default now). Without {@code step} the bucket is the shortest of {@link #STEPS} that divides the
 * range asked for into at most {@value #TARGET_BUCKETS}: 1m for 15m or 1h, 10m for 6h, 30m for 24h, 3h for 7d. Buckets start at
 * multiples of the step since the epoch, so the first starts at or before the window; every function's series
 * has one value per bucket, zeros included.
 */
final class FunctionsApi {
  static final String PATH = "/api/v1/functions";
  private static final long MINUTE = 60_000_000_000L;
  private static final long HOUR = 60 * MINUTE;
  /** The buckets chosen from when no step is asked for. */
  static final long[] STEPS = {MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR,
      12 * HOUR, 24 * HOUR};
  /** Buckets at most when the step is chosen: {@value}. */
  static final int TARGET_BUCKETS = 60;
  /** Buckets at most when the step is asked for: {@value}. */
  static final int MAX_BUCKETS = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;

  FunctionsApi(Store store) {
    this.store = store;
  }

  ObjectNode answer(String since, String until, String step) throws StoreException, QueryParams.BadParameter {
    long now = System.currentTimeMillis() * 1_000_000L;
    long sinceNanos = QueryParams.since(since, HOUR);
    long untilNanos = until == null || until.isEmpty() ? now : QueryParams.instant("until", until, now);
    if (untilNanos < sinceNanos) {
      throw new QueryParams.BadParameter("until must not come before since, got since=" + sinceNanos + " until="
          + untilNanos + " (Unix nanoseconds)");
    }
    long from = Math.floorDiv(sinceNanos, MINUTE) * MINUTE;
    long to = Math.floorDiv(untilNanos, MINUTE) * MINUTE + MINUTE;
    // chosen for the range asked for (an hour: 1m), not the minutes that hold it (61 of them)
    long stepNanos = step == null || step.isEmpty() ? stepFor(untilNanos - sinceNanos) : askedStep(step, to - from);
    long first = Math.floorDiv(from, stepNanos) * stepNanos;
    int buckets = (int) ((to - first + stepNanos - 1) / stepNanos);

    List<FunctionSummary> summaries = store.functions(sinceNanos, untilNanos);
    Map<String, long[][]> series = new HashMap<>();
    for (FunctionBucket b : store.functionSeries(sinceNanos, untilNanos, stepNanos)) {
      int i = (int) ((b.startNanos() - first) / stepNanos);
      if (i >= 0 && i < buckets) {
        long[][] s = series.computeIfAbsent(b.function(), f -> new long[3][buckets]);
        s[0][i] += b.invocations();
        s[1][i] += b.errors();
        s[2][i] += b.coldStarts();
      }
    }

    ObjectNode out = JSON.createObjectNode();
    ObjectNode window = out.putObject("window");
    window.put("fromUnixNano", from);
    window.put("toUnixNano", to);
    window.put("firstBucketUnixNano", first);
    window.put("stepNanos", stepNanos);
    window.put("buckets", buckets);
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

  /** The shortest of {@link #STEPS} giving at most {@link #TARGET_BUCKETS} buckets over the window. */
  static long stepFor(long windowNanos) {
    for (long s : STEPS) {
      if (windowNanos <= s * TARGET_BUCKETS) {
        return s;
      }
    }
    return STEPS[STEPS.length - 1];
  }

  private static long askedStep(String value, long windowNanos) throws QueryParams.BadParameter {
    long step = QueryParams.step(value);
    if (step % MINUTE != 0) {
      throw new QueryParams.BadParameter("step must be a whole number of minutes here (the aggregates are per "
          + "minute), got '" + value + "'");
    }
    long buckets = (windowNanos + step - 1) / step + 1;
    if (buckets > MAX_BUCKETS) {
      throw new QueryParams.BadParameter("step " + value + " makes " + buckets + " buckets of this window, more "
          + "than " + MAX_BUCKETS + ": choose a longer step");
    }
    return step;
  }

  private static void values(ArrayNode to, long[] values) {
    for (long v : values) {
      to.add(v);
    }
  }
}
