package dev.farol.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.server.store.FunctionPoint;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A function's series as {@link FunctionApi} answers them: one array per measure, one value per bucket of the
 * window. Counts are 0 where a bucket has none; a measure of the invocations (durations, memory) is {@code null}
 * in a bucket without invocations, one of the init phases in a bucket without init phases.
 */
final class FunctionSeriesJson {
  private FunctionSeriesJson() {}

  static void write(ObjectNode series, SeriesWindow w, List<FunctionPoint> points) {
    FunctionPoint[] at = new FunctionPoint[w.buckets()];
    for (FunctionPoint p : points) {
      int i = w.index(p.startNanos());
      if (i >= 0) {
        at[i] = p;
      }
    }
    counts(series.putArray("invocations"), at, FunctionPoint::invocations);
    counts(series.putArray("errors"), at, FunctionPoint::errors);
    counts(series.putArray("coldStarts"), at, FunctionPoint::coldStarts);
    ofInvocations(series.putArray("p50Ms"), at, FunctionPoint::p50Ms);
    ofInvocations(series.putArray("p95Ms"), at, FunctionPoint::p95Ms);
    ofInvocations(series.putArray("p99Ms"), at, FunctionPoint::p99Ms);
    counts(series.putArray("inits"), at, FunctionPoint::inits);
    ofInits(series.putArray("initMeanMs"), at, FunctionPoint::initMeanMs);
    ofInits(series.putArray("initMaxMs"), at, FunctionPoint::initMaxMs);
    // a bucket's largest memory used is known once its invocations' reports came
    ArrayNode used = series.putArray("maxMemoryUsedMb");
    for (FunctionPoint p : at) {
      if (p == null || p.invocations() == 0 || p.maxMemoryUsedMb() == 0) {
        used.addNull();
      } else {
        used.add(p.maxMemoryUsedMb());
      }
    }
    ArrayNode size = series.putArray("memorySizeMb");
    for (FunctionPoint p : at) {
      if (p == null || p.invocations() == 0) {
        size.addNull();
      } else {
        size.add(p.memorySizeMb());
      }
    }
  }

  private interface Count {
    long of(FunctionPoint p);
  }

  private static void counts(ArrayNode to, FunctionPoint[] at, Count count) {
    for (FunctionPoint p : at) {
      to.add(p == null ? 0 : count.of(p));
    }
  }

  private static void ofInvocations(ArrayNode to, FunctionPoint[] at, ToDoubleFunction<FunctionPoint> value) {
    for (FunctionPoint p : at) {
      if (p == null || p.invocations() == 0) {
        to.addNull();
      } else {
        to.add(value.applyAsDouble(p));
      }
    }
  }

  private static void ofInits(ArrayNode to, FunctionPoint[] at, ToDoubleFunction<FunctionPoint> value) {
    for (FunctionPoint p : at) {
      if (p == null || p.inits() == 0) {
        to.addNull();
      } else {
        to.add(value.applyAsDouble(p));
      }
    }
  }
}
