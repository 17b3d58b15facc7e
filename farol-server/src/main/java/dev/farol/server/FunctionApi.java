package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.findings.Finding;
import dev.farol.findings.FindingJson;
import dev.farol.server.catalog.FunctionCatalog;
import dev.farol.server.catalog.FunctionDefinition;
import dev.farol.server.catalog.KnownFunction;
import dev.farol.server.store.FunctionPoint;
import dev.farol.server.store.FunctionSummary;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/functions/{name}?since=&until=&step=}: one function's page in one answer (docs/api.md): its
 * summary over the window and its series per bucket, read from the aggregates kept at ingest, and — when {@code farol
 * up} runs it — its configuration and the doctor's findings of its definition ({@link FunctionCatalog}):
 *
 * <pre>{@code
 * {"name":"clean-math","window":{…},"summary":{"invocations":5,…,"inits":1,"initMeanMs":310.0,"initMaxMs":310.0},
 *  "series":{"invocations":[…],"errors":[…],"coldStarts":[…],"p50Ms":[…],"p95Ms":[…],"p99Ms":[…],"inits":[…],
 *    "initMeanMs":[…],"initMaxMs":[…],"maxMemoryUsedMb":[…],"memorySizeMb":[…]},
 *  "configuration":{"runtime":"java17",…},"findings":[<FindingJson>…],"doctorErrors":[]}
 * }</pre>
 *
 * The window and buckets are {@link SeriesWindow}'s. Counts are 0 in a bucket without invocations; the durations,
 * the init phases' and the memory are {@code null} in a bucket that has none (no value is not 0 ms). {@code summary}
 * is {@code null} when the window holds no invocation of it, {@code configuration} when {@code farol up} does not run
 * it (then {@code findings} is empty). A function nothing is known of answers 200 with both {@code null}: telemetry
 * of a deployed function may start at any time.
 */
final class FunctionApi {
  static final String PREFIX = "/api/v1/functions/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final FunctionCatalog catalog;

  FunctionApi(Store store, FunctionCatalog catalog) {
    this.store = store;
    this.catalog = catalog;
  }

  static boolean handles(String path) {
    return path.startsWith(PREFIX);
  }

  ObjectNode answer(String path, String since, String until, String step) throws StoreException,
      QueryParams.BadParameter {
    String name = name(path);
    SeriesWindow w = SeriesWindow.of(since, until, step);
    Optional<FunctionSummary> summary = store.functions(w.sinceNanos(), w.untilNanos()).stream()
        .filter(f -> f.name().equals(name)).findFirst();
    List<FunctionPoint> points = store.functionSeries(name, w.sinceNanos(), w.untilNanos(), w.stepNanos());
    Optional<KnownFunction> known = catalog.function(name);

    ObjectNode out = JSON.createObjectNode();
    out.put("name", name);
    w.json(out.putObject("window"));
    if (summary.isPresent()) {
      ObjectNode s = QueryJson.function(summary.get());
      s.remove("name");
      long inits = points.stream().mapToLong(FunctionPoint::inits).sum();
      s.put("inits", inits);
      s.put("initMeanMs", inits == 0 ? 0 : points.stream().mapToDouble(p -> p.initMeanMs() * p.inits()).sum() / inits);
      s.put("initMaxMs", points.stream().mapToDouble(FunctionPoint::initMaxMs).max().orElse(0));
      out.set("summary", s);
    } else {
      out.putNull("summary");
    }
    FunctionSeriesJson.write(out.putObject("series"), w, points);
    if (known.isPresent()) {
      out.set("configuration", configuration(known.get().definition()));
      ArrayNode findings = out.putArray("findings");
      for (Finding f : known.get().findings()) {
        findings.addRawValue(new com.fasterxml.jackson.databind.util.RawValue(FindingJson.of(f)));
      }
      ArrayNode errors = out.putArray("doctorErrors");
      known.get().doctorErrors().forEach(errors::add);
    } else {
      out.putNull("configuration");
      out.putArray("findings");
      out.putArray("doctorErrors");
    }
    return out;
  }

  /** The function's name: the path's last segment, percent-decoded. */
  static String name(String path) throws QueryParams.BadParameter {
    String raw = path.substring(PREFIX.length());
    if (raw.isEmpty()) {
      throw new QueryParams.BadParameter("the function name is empty: use GET /api/v1/functions/{name}, or "
          + "GET /api/v1/functions for every function");
    }
    String name;
    try {
      name = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new QueryParams.BadParameter("the function name is not percent-encoded properly: '" + shorten(raw) + "'");
    }
    if (raw.contains("/") || name.contains("/")) {
      throw new QueryParams.BadParameter("a function name has no '/', got '" + shorten(name) + "'");
    }
    return name;
  }

  private static ObjectNode configuration(FunctionDefinition d) {
    ObjectNode o = JSON.createObjectNode();
    o.put("runtime", d.runtime());
    o.put("handler", d.handler());
    o.put("memorySizeMb", d.memorySizeMb());
    o.put("timeoutSeconds", d.timeoutSeconds());
    o.put("architecture", d.architecture());
    ArrayNode layers = o.putArray("layers");
    for (FunctionDefinition.Layer l : d.layers()) {
      layers.addObject().put("ref", l.ref()).put("attached", l.attached());
    }
    ArrayNode env = o.putArray("environment");
    for (FunctionDefinition.Variable v : d.environment()) {
      env.addObject().put("name", v.name()).put("value", v.value()).put("attached", v.attached());
    }
    ArrayNode routes = o.putArray("routes");
    d.routes().forEach(routes::add);
    if (d.reservedConcurrency() < 0) {
      o.putNull("reservedConcurrency");
    } else {
      o.put("reservedConcurrency", d.reservedConcurrency());
    }
    o.put("code", d.code());
    o.put("definedAt", d.definedAt());
    return o;
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
