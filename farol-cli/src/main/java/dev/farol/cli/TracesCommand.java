package dev.farol.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code farol traces} and {@code farol trace}: traces from the query API, as trees in the terminal. */
final class TracesCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TracesCommand() {}

  /** Options shared by both commands. */
  static class Server {
    @Option(names = "--query-port", paramLabel = "PORT", defaultValue = "7070",
        description = "port of the query API of a running 'farol up' (default: ${DEFAULT-VALUE})")
    int queryPort;

    JsonNode get(String pathAndQuery) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String key = System.getenv("FAROL_API_KEY");
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + pathAndQuery))
          .timeout(Duration.ofSeconds(30));
      if (key != null && !key.isEmpty()) {
        b.header("x-farol-api-key", key);
      }
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
          throw new UserError(body.path("error").asText("query API answered " + r.statusCode()), 1);
        }
        return body;
      } catch (ConnectException e) {
        throw new UserError("nothing answers on 127.0.0.1:" + queryPort + ": start 'farol up' first (or pass "
            + "--query-port)", 1);
      } catch (IOException e) {
        throw new UserError("the query API failed: " + e.getMessage(), 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted", 1);
      }
    }
  }

  @Command(name = "traces", mixinStandardHelpOptions = true,
      description = "Print recent traces as trees (span names, durations, errors).")
  static final class List_ extends Server implements Callable<Integer> {
    @Option(names = "--function", paramLabel = "NAME", description = "only this function's traces")
    String function;

    @Option(names = "--last", paramLabel = "N", defaultValue = "10", description = "how many (default: ${DEFAULT-VALUE})")
    int last;

    @Option(names = "--since", paramLabel = "AGO", defaultValue = "1d", description = "how far back: 15m, 1h, 7d "
        + "(default: ${DEFAULT-VALUE})")
    String since;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      String q = "/api/v1/traces?limit=" + last + "&since=" + enc(since)
          + (function == null ? "" : "&service=" + enc(function));
      JsonNode traces = get(q).path("traces");
      if (traces.isEmpty()) {
        out.println("no traces" + (function == null ? "" : " for " + function) + " since " + since);
      }
      for (JsonNode t : traces) {
        JsonNode full = get("/api/v1/traces/" + t.get("traceId").asText());
        printTree(out, full, false);
        out.println();
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "trace", mixinStandardHelpOptions = true, description = "Print one trace as a tree, with its logs.")
  static final class One extends Server implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE_ID", description = "32 hex digits")
    String traceId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      printTree(out, get("/api/v1/traces/" + enc(traceId.toLowerCase(Locale.ROOT))), true);
      out.flush();
      return 0;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static void printTree(PrintWriter out, JsonNode trace, boolean withLogs) {
    JsonNode spans = trace.path("spans");
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    Map<String, List<JsonNode>> children = new LinkedHashMap<>();
    for (JsonNode s : spans) {
      byId.put(s.get("spanId").asText(), s);
    }
    List<JsonNode> roots = new ArrayList<>();
    for (JsonNode s : spans) {
      String parent = s.path("parentSpanId").isNull() ? null : s.path("parentSpanId").asText(null);
      if (parent == null || !byId.containsKey(parent)) {
        roots.add(s);
      } else {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
      }
    }
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (JsonNode s : spans) {
      start = Math.min(start, s.get("startTimeUnixNano").asLong());
      end = Math.max(end, s.get("endTimeUnixNano").asLong());
    }
    out.printf("trace %s  %d span(s)  %s%n", trace.get("traceId").asText(), spans.size(), ms(end - start));
    for (JsonNode r : roots) {
      print(out, r, children, start, 1, Set.of());
    }
    if (withLogs && trace.path("logs").size() > 0) {
      out.println("logs:");
      for (JsonNode l : trace.get("logs")) {
        out.printf("  +%-10s %s%n", ms(l.get("timeUnixNano").asLong() - start), l.path("body").asText());
      }
    }
  }

  private static void print(PrintWriter out, JsonNode span, Map<String, List<JsonNode>> children, long traceStart,
      int depth, Set<String> seen) {
    long duration = span.get("endTimeUnixNano").asLong() - span.get("startTimeUnixNano").asLong();
    String status = span.path("status").path("code").asText("UNSET");
    String error = status.equals("ERROR") ? "  ERROR" + (span.path("status").path("message").asText("").isEmpty()
        ? "" : ": " + span.path("status").path("message").asText()) : "";
    out.printf("%s%s  %s  (%s, +%s)%s%n", "  ".repeat(depth), span.get("name").asText(), ms(duration),
        span.path("service").asText(""), ms(span.get("startTimeUnixNano").asLong() - traceStart), error);
    String id = span.get("spanId").asText();
    if (seen.contains(id)) {
      return;
    }
    Set<String> next = new java.util.HashSet<>(seen);
    next.add(id);
    for (JsonNode c : children.getOrDefault(id, List.of())) {
      print(out, c, children, traceStart, depth + 1, next);
    }
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }
}
