package dev.farol.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** A function's minute (or hour: the time is where the period starts). */
  record MinuteKey(String function, long minuteNs) {}

  /** One of the two aggregate tables and its durations table, keyed by the column that says where a period starts. */
  private record Aggregates(String table, String durations, String key) {}

  private static final Aggregates MINUTES = new Aggregates("function_minutes", "function_minute_durations",
      "minute_ns");
  private static final Aggregates HOURS = new Aggregates("function_hours", "function_hour_durations", "hour_ns");

  private final DuckDBConnection db;

  DuckDbInvocations(DuckDBConnection db) {
    this.db = db;
  }

  /**
   * Each invocation span feeds the invocations table and, the first time, its function's minute; each init span
   * (new: {@link DuckDbSpans} hands over only spans not stored before) the minute it ended in.
   */
  void write(List<SpanRow> derivedFrom) throws SQLException {
    Map<MinuteKey, FunctionMinutes.Delta> minutes = new HashMap<>();
    for (SpanRow s : derivedFrom) {
      if (isInitSpan(s)) {
        init(s, minutes);
      } else {
        invocation(s, minutes);
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

  /**
   * An invocation span ({@code aws.lambda}, or one with {@code faas.trigger}) feeds the invocations table
   * and, when it is the first span of its invocation, the function's minute.
   */
  private void invocation(SpanRow s, Map<MinuteKey, FunctionMinutes.Delta> minutes) throws SQLException {
    JsonNode a;
    try {
      a = JSON.readTree(s.attributes() == null ? "{}" : s.attributes());
    } catch (IOException e) {
      a = JSON.createObjectNode();
    }
    double durationMs = (s.endNanos() - s.startNanos()) / 1e6;
    boolean coldStart = a.path("faas.coldstart").asBoolean(false);
    boolean error = s.statusCode() == 2;
    long memoryMb = a.path("faas.max_memory").asLong(0) / (1024 * 1024);
    long usedMb = a.path("aws.lambda.max_memory_used_mb").asLong(0);
    long billedMs = a.path("aws.lambda.billed_duration_ms").asLong(0);
    String arch = a.path("host.arch").asText("x86_64");
    JsonNode trigger = a.path("faas.trigger");
    int inserted;
    try (PreparedStatement p = db.prepareStatement("INSERT INTO invocations (request_id, function, trace_id, "
        + "start_ns, duration_ms, cold_start, status, error_type, memory_size_mb, max_memory_used_mb, billed_ms, arch, "
        + "faas_trigger) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
      p.setString(1, s.requestId());
      p.setString(2, s.function());
      p.setBytes(3, s.traceId());
      p.setLong(4, s.startNanos());
      p.setDouble(5, durationMs);
      p.setBoolean(6, coldStart);
      p.setString(7, error ? "error" : "success");
      p.setString(8, a.hasNonNull("error.type") ? a.get("error.type").asText() : null);
      p.setLong(9, memoryMb);
      p.setLong(10, usedMb);
      p.setLong(11, billedMs);
      p.setString(12, arch);
      p.setString(13, trigger.isValueNode() && !trigger.isNull() ? trigger.asText() : null);
      inserted = p.executeUpdate();
    }
    if (inserted == 1) {
      FunctionMinutes.Delta d = minutes.computeIfAbsent(new MinuteKey(s.function(),
          FunctionMinutes.minute(s.startNanos())), k -> new FunctionMinutes.Delta());
      d.add(durationMs, error, coldStart, memoryMb, usedMb, cost(billedMs, memoryMb, arch));
    }
  }

  /** What an invocation costs: its billed GB-seconds at the architecture's price, and the request. */
  static double cost(long billedMs, long memoryMb, String arch) {
    double price = "arm64".equals(arch) ? DuckDbStore.PRICE_GB_SECOND_ARM : DuckDbStore.PRICE_GB_SECOND_X86;
    return billedMs * memoryMb / 1024.0 / 1000.0 * price + DuckDbStore.PRICE_REQUEST;
  }

  /** The minutes' deltas into their minutes' rows and, summed per hour, into their hours' rows. */
  void writeMinutes(Map<MinuteKey, FunctionMinutes.Delta> minutes) throws SQLException {
    if (minutes.isEmpty()) {
      return;
    }
    Map<MinuteKey, FunctionMinutes.Delta> hours = new HashMap<>();
    minutes.forEach((k, d) -> hours.computeIfAbsent(new MinuteKey(k.function(), FunctionMinutes.hour(k.minuteNs())),
        h -> new FunctionMinutes.Delta()).merge(d));
    write(MINUTES, minutes);
    write(HOURS, hours);
  }

  private void write(Aggregates a, Map<MinuteKey, FunctionMinutes.Delta> periods) throws SQLException {
    String t = a.table();
    try (PreparedStatement m = db.prepareStatement("INSERT INTO " + t + " (function, " + a.key() + ", invocations, "
        + "errors, cold_starts, min_ms, max_ms, max_memory_used_mb, memory_size_mb, cost_usd, init_count, init_ms, "
        + "init_max_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
        + "ON CONFLICT (function, " + a.key() + ") DO UPDATE SET "
        + "invocations = " + t + ".invocations + excluded.invocations, "
        + "errors = " + t + ".errors + excluded.errors, "
        + "cold_starts = " + t + ".cold_starts + excluded.cold_starts, "
        + "min_ms = least(" + t + ".min_ms, excluded.min_ms), "
        + "max_ms = greatest(" + t + ".max_ms, excluded.max_ms), "
        + "max_memory_used_mb = greatest(" + t + ".max_memory_used_mb, excluded.max_memory_used_mb), "
        + "memory_size_mb = greatest(" + t + ".memory_size_mb, excluded.memory_size_mb), "
        + "cost_usd = " + t + ".cost_usd + excluded.cost_usd, "
        + "init_count = " + t + ".init_count + excluded.init_count, "
        + "init_ms = " + t + ".init_ms + excluded.init_ms, "
        + "init_max_ms = greatest(" + t + ".init_max_ms, excluded.init_max_ms)");
        PreparedStatement b = db.prepareStatement("INSERT INTO " + a.durations() + " VALUES (?,?,?,?) "
            + "ON CONFLICT (function, " + a.key() + ", bucket) DO UPDATE SET "
            + "count = " + a.durations() + ".count + excluded.count")) {
      for (Map.Entry<MinuteKey, FunctionMinutes.Delta> e : periods.entrySet()) {
        FunctionMinutes.Delta d = e.getValue();
        m.setString(1, e.getKey().function());
        m.setLong(2, e.getKey().minuteNs());
        m.setLong(3, d.invocations);
        m.setLong(4, d.errors);
        m.setLong(5, d.coldStarts);
        m.setDouble(6, d.minMs);
        m.setDouble(7, d.maxMs);
        m.setLong(8, d.maxMemoryUsedMb);
        m.setLong(9, d.memorySizeMb);
        m.setDouble(10, d.costUsd);
        m.setLong(11, d.inits);
        m.setDouble(12, d.initMs);
        m.setDouble(13, d.initMaxMs);
        m.execute();
        for (Map.Entry<Integer, Long> bucket : d.buckets.entrySet()) {
          b.setString(1, e.getKey().function());
          b.setLong(2, e.getKey().minuteNs());
          b.setInt(3, bucket.getKey());
          b.setLong(4, bucket.getValue());
          b.execute();
        }
      }
    }
  }

  /** A span that stands for an invocation: {@code aws.lambda}, or any span with {@code faas.trigger}. */
  static boolean isInvocationSpan(SpanRow s) {
    return "aws.lambda".equals(s.name()) || s.attributes() != null && s.attributes().contains("\"faas.trigger\"");
  }

  /** The span of an execution environment's init phase, as Farol's extension sends it on a cold start. */
  static boolean isInitSpan(SpanRow s) {
    return "aws.lambda.init".equals(s.name());
  }

  /** The report of an invocation (max memory used) comes after its span: completes its row and its minute. */
  void reports(List<MetricRow> metrics) throws SQLException {
    if (metrics.isEmpty()) {
      return;
    }
    try (PreparedStatement u = db.prepareStatement("UPDATE invocations SET max_memory_used_mb = ? "
        + "WHERE request_id = ?");
        PreparedStatement fm = db.prepareStatement("UPDATE function_minutes f SET max_memory_used_mb = "
            + "greatest(f.max_memory_used_mb, ?) FROM invocations i WHERE i.request_id = ? "
            + "AND f.function = i.function AND f.minute_ns = i.start_ns // " + FunctionMinutes.MINUTE_NS + " * "
            + FunctionMinutes.MINUTE_NS);
        PreparedStatement fh = db.prepareStatement("UPDATE function_hours f SET max_memory_used_mb = "
            + "greatest(f.max_memory_used_mb, ?) FROM invocations i WHERE i.request_id = ? "
            + "AND f.function = i.function AND f.hour_ns = i.start_ns // " + FunctionMinutes.HOUR_NS + " * "
            + FunctionMinutes.HOUR_NS)) {
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
          u.setLong(1, Math.round(m.value()));
          u.setString(2, requestId);
          u.addBatch();
          fm.setLong(1, Math.round(m.value()));
          fm.setString(2, requestId);
          fm.addBatch();
          fh.setLong(1, Math.round(m.value()));
          fh.setString(2, requestId);
          fh.addBatch();
        }
      }
      u.executeBatch();
      fm.executeBatch();
      fh.executeBatch();
    }
  }
}
