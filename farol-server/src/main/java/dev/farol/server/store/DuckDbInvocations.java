package dev.farol.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * What Farol derives from invocation spans at ingest, in the store thread's transaction: one {@code invocations}
 * row per request id (completed by its report's max memory used), and the per-function, per-minute and per-hour
 * aggregates ({@code function_minutes}, {@code function_minute_durations}, {@code function_hours}, {@code
 * function_hour_durations}; see {@link FunctionMinutes}) that the function summary reads, each invocation counted
 * once in its minute and once in its hour; and the init phases ({@code aws.lambda.init} spans) in the aggregates of
 * the minute and hour they ended in. Stores made before some of these existed get them at open
 * ({@link DuckDbBackfill}).
 */
final class DuckDbInvocations {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The invocations table's columns, as the temporary table the group's rows wait in has them. */
  private static final String INVOCATION_COLUMNS = "request_id, function, trace_id, start_ns, duration_ms, cold_start, "
      + "status, error_type, memory_size_mb, max_memory_used_mb, billed_ms, arch, faas_trigger";

  /** A function's minute (or hour: the time is where the period starts). */
  record MinuteKey(String function, long minuteNs) {}

  /** An invocation span's values, as its row takes them. */
  private record Parsed(SpanRow span, double durationMs, boolean coldStart, boolean error, long memoryMb,
      long usedMb, long billedMs, String arch, String errorType, String trigger) {}

  private final DuckDBConnection db;
  private final DuckDbAggregates aggregates;

  DuckDbInvocations(DuckDBConnection db) throws SQLException {
    this.db = db;
    this.aggregates = new DuckDbAggregates(db);
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS invocation_delta (request_id VARCHAR, function VARCHAR, "
          + "trace_id BLOB, start_ns BIGINT, duration_ms DOUBLE, cold_start BOOLEAN, status VARCHAR, "
          + "error_type VARCHAR, memory_size_mb BIGINT, max_memory_used_mb BIGINT, billed_ms BIGINT, arch VARCHAR, "
          + "faas_trigger VARCHAR)");
      s.execute("CREATE TEMP TABLE IF NOT EXISTS report_delta (request_id VARCHAR, used_mb BIGINT)");
    }
  }

  /**
   * Each invocation span feeds the invocations table and, when its request id is new, its function's minute; each
   * init span (new: {@link DuckDbSpans} hands over only spans not stored before) the minute it ended in. The rows go
   * in with one statement, which tells which request ids were new.
   */
  void write(List<SpanRow> derivedFrom) throws SQLException {
    Map<MinuteKey, FunctionMinutes.Delta> minutes = new HashMap<>();
    // the first span of a request id in the group is its invocation's (as a later group's would find it stored)
    Map<String, Parsed> rows = new LinkedHashMap<>();
    for (SpanRow s : derivedFrom) {
      if (isInitSpan(s)) {
        init(s, minutes);
      } else {
        rows.putIfAbsent(s.requestId(), parse(s));
      }
    }
    if (!rows.isEmpty()) {
      Set<String> inserted = insert(rows.values());
      for (Parsed p : rows.values()) {
        if (inserted.contains(p.span().requestId())) {
          minutes.computeIfAbsent(new MinuteKey(p.span().function(), FunctionMinutes.minute(p.span().startNanos())),
              k -> new FunctionMinutes.Delta()).add(p.durationMs(), p.error(), p.coldStart(), p.memoryMb(),
                  p.usedMb(), cost(p.billedMs(), p.memoryMb(), p.arch()));
        }
      }
    }
    writeMinutes(minutes);
  }

  private static void init(SpanRow s, Map<MinuteKey, FunctionMinutes.Delta> minutes) {
    init(s.function(), s.startNanos(), s.endNanos(), minutes);
  }

  /** Adds an init phase of {@code function} to the minute it ended in. */
  static void init(String function, long startNanos, long endNanos, Map<MinuteKey, FunctionMinutes.Delta> minutes) {
    minutes.computeIfAbsent(new MinuteKey(function, FunctionMinutes.minute(endNanos)),
        k -> new FunctionMinutes.Delta()).addInit((endNanos - startNanos) / 1e6);
  }

  /** An invocation span ({@code aws.lambda}, or one with {@code faas.trigger}) as its row's values. */
  private static Parsed parse(SpanRow s) {
    JsonNode a;
    try {
      a = JSON.readTree(s.attributes() == null ? "{}" : s.attributes());
    } catch (IOException e) {
      a = JSON.createObjectNode();
    }
    JsonNode trigger = a.path("faas.trigger");
    return new Parsed(s, (s.endNanos() - s.startNanos()) / 1e6, a.path("faas.coldstart").asBoolean(false),
        s.statusCode() == 2, a.path("faas.max_memory").asLong(0) / (1024 * 1024),
        a.path("aws.lambda.max_memory_used_mb").asLong(0), a.path("aws.lambda.billed_duration_ms").asLong(0),
        a.path("host.arch").asText("x86_64"), a.hasNonNull("error.type") ? a.get("error.type").asText() : null,
        trigger.isValueNode() && !trigger.isNull() ? trigger.asText() : null);
  }

  /** Inserts the rows whose request id is not stored yet; returns those request ids. */
  private Set<String> insert(Iterable<Parsed> rows) throws SQLException {
    try (DuckDBAppender a = db.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "invocation_delta")) {
      for (Parsed p : rows) {
        SpanRow s = p.span();
        a.beginRow();
        a.append(s.requestId());
        a.append(s.function());
        DuckDbRows.appendBytesOrNull(a, s.traceId());
        a.append(s.startNanos());
        a.append(p.durationMs());
        a.append(p.coldStart());
        a.append(p.error() ? "error" : "success");
        DuckDbRows.appendOrNull(a, p.errorType());
        a.append(p.memoryMb());
        a.append(p.usedMb());
        a.append(p.billedMs());
        a.append(p.arch());
        DuckDbRows.appendOrNull(a, p.trigger());
        a.endRow();
      }
      a.flush();
    }
    Set<String> inserted = new HashSet<>();
    try (Statement st = db.createStatement()) {
      try (ResultSet rs = st.executeQuery("INSERT INTO invocations (" + INVOCATION_COLUMNS + ") SELECT "
          + INVOCATION_COLUMNS + " FROM temp.invocation_delta ON CONFLICT DO NOTHING RETURNING request_id")) {
        while (rs.next()) {
          inserted.add(rs.getString(1));
        }
      }
      st.execute("DELETE FROM temp.invocation_delta");
    }
    return inserted;
  }

  /** What an invocation costs: its billed GB-seconds at the architecture's price, and the request. */
  static double cost(long billedMs, long memoryMb, String arch) {
    double price = "arm64".equals(arch) ? DuckDbStore.PRICE_GB_SECOND_ARM : DuckDbStore.PRICE_GB_SECOND_X86;
    return billedMs * memoryMb / 1024.0 / 1000.0 * price + DuckDbStore.PRICE_REQUEST;
  }

  /** The minutes' deltas into their minutes' rows and, summed per hour, into their hours' rows. */
  void writeMinutes(Map<MinuteKey, FunctionMinutes.Delta> minutes) throws SQLException {
    aggregates.write(minutes);
  }

  /** A span that stands for an invocation: {@code aws.lambda}, or any span with {@code faas.trigger}. */
  static boolean isInvocationSpan(SpanRow s) {
    return "aws.lambda".equals(s.name()) || s.attributes() != null && s.attributes().contains("\"faas.trigger\"");
  }

  /** The span of an execution environment's init phase, as Farol's extension sends it on a cold start. */
  static boolean isInitSpan(SpanRow s) {
    return "aws.lambda.init".equals(s.name());
  }

  /**
   * The report of an invocation (max memory used) comes after its span: completes its row and its minute's and
   * hour's largest memory used; one statement per table for the group's reports.
   */
  void reports(List<MetricRow> metrics) throws SQLException {
    Map<String, Long> used = new HashMap<>();
    for (MetricRow m : metrics) {
      if (!m.name().equals("aws.lambda.enhanced.max_memory_used")) {
        continue;
      }
      String requestId;
      try {
        requestId = JSON.readTree(m.attributes() == null ? "{}" : m.attributes()).path("faas.invocation_id")
            .asText(null);
      } catch (IOException e) {
        continue;
      }
      if (requestId != null) {
        used.merge(requestId, Math.round(m.value()), Math::max);
      }
    }
    if (used.isEmpty()) {
      return;
    }
    try (DuckDBAppender a = db.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "report_delta")) {
      for (Map.Entry<String, Long> e : used.entrySet()) {
        a.beginRow();
        a.append(e.getKey());
        a.append(e.getValue());
        a.endRow();
      }
      a.flush();
    }
    try (Statement s = db.createStatement()) {
      s.execute("UPDATE invocations i SET max_memory_used_mb = r.used_mb FROM temp.report_delta r "
          + "WHERE i.request_id = r.request_id");
      for (String[] level : new String[][] {{"function_minutes", "minute_ns", Long.toString(FunctionMinutes.MINUTE_NS)},
          {"function_hours", "hour_ns", Long.toString(FunctionMinutes.HOUR_NS)}}) {
        s.execute("UPDATE " + level[0] + " f SET max_memory_used_mb = greatest(f.max_memory_used_mb, r.used) FROM "
            + "(SELECT i.function, i.start_ns // " + level[2] + " * " + level[2] + " AS t, max(d.used_mb) AS used "
            + "FROM temp.report_delta d JOIN invocations i ON i.request_id = d.request_id GROUP BY ALL) r "
            + "WHERE f.function = r.function AND f." + level[1] + " = r.t");
      }
      s.execute("DELETE FROM temp.report_delta");
    }
  }
}
