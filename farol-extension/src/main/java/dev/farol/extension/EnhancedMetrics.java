package dev.farol.extension;

import static dev.farol.extension.Otlp.attr;
import static dev.farol.extension.Otlp.attrBool;
import static dev.farol.extension.Otlp.nanos;

import dev.farol.tracer.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The extension's metrics as OTLP/JSON gauges: Lambda's enhanced metrics from each {@code platform.report}
 * (invocations, errors, timeouts, out of memory, cold starts, durations, memory, estimated cost), custom
 * metrics from DogStatsD, and {@code farol.instrumentation_status}.
 */
final class EnhancedMetrics {
  private final String function;
  private final String version;
  private final int memoryMb;

  EnhancedMetrics(String function, String version, int memoryMb) {
    this.function = function;
    this.version = version;
    this.memoryMb = memoryMb;
  }

  /** Lambda's price per GB-second (us-east-1, first tier) and per request, for the estimated cost. */
  static final double PRICE_GB_SECOND_X86 = 0.0000166667;
  static final double PRICE_GB_SECOND_ARM = 0.0000133334;
  static final double PRICE_REQUEST = 0.0000002;

  /** Enhanced metrics from {@code platform.report}: one data point per metric, tagged with the invocation. */
  /** Appends to {@code out} one data point per enhanced metric of this {@code platform.report} record. */
  void report(Map<String, Object> record, Instant time, List<String> out) {
    String requestId = Json.string(record.get("requestId"));
    Map<String, Object> m = Json.object(record.get("metrics"));
    String status = Json.string(record.get("status"));
    String errorType = Json.string(record.get("errorType"));
    double initMs = Json.number(m.get("initDurationMs"), -1);
    boolean cold = initMs >= 0;
    double billedMs = Json.number(m.get("billedDurationMs"), 0);
    double memoryMbReported = Json.number(m.get("memorySizeMB"), memoryMb);
    boolean arm = "aarch64".equals(System.getProperty("os.arch")) || "arm64".equals(System.getProperty("os.arch"));
    double cost = billedMs / 1000.0 * memoryMbReported / 1024.0 * (arm ? PRICE_GB_SECOND_ARM : PRICE_GB_SECOND_X86)
        + PRICE_REQUEST;
    String attrs = attr("faas.name", function) + "," + attr("faas.version", version)
        + (requestId == null ? "" : "," + attr("faas.invocation_id", requestId)) + ","
        + attrBool("faas.coldstart", cold) + "," + attr("aws.lambda.status", status == null ? "success" : status);
    boolean failed = status != null && !status.equals("success");
    out.add(metric("aws.lambda.enhanced.invocations", "1", 1, time, attrs));
    out.add(metric("aws.lambda.enhanced.errors", "1", failed ? 1 : 0, time, attrs));
    out.add(metric("aws.lambda.enhanced.timeouts", "1", "timeout".equals(status) ? 1 : 0, time, attrs));
    out.add(metric("aws.lambda.enhanced.out_of_memory", "1", "Runtime.OutOfMemory".equals(errorType) ? 1 : 0, time,
        attrs));
    out.add(metric("aws.lambda.enhanced.cold_starts", "1", cold ? 1 : 0, time, attrs));
    out.add(metric("aws.lambda.enhanced.duration", "ms", Json.number(m.get("durationMs"), 0), time, attrs));
    out.add(metric("aws.lambda.enhanced.billed_duration", "ms", billedMs, time, attrs));
    if (cold) {
      out.add(metric("aws.lambda.enhanced.init_duration", "ms", initMs, time, attrs));
    }
    out.add(metric("aws.lambda.enhanced.max_memory_used", "MB", Json.number(m.get("maxMemoryUsedMB"), 0), time, attrs));
    out.add(metric("aws.lambda.enhanced.memory_size", "MB", memoryMbReported, time, attrs));
    out.add(metric("aws.lambda.enhanced.estimated_cost", "USD", cost, time, attrs));
  }

  /** A custom metric from the function (DogStatsD), tagged with the invocation under way ({@code null}: none). */
  String custom(String name, String unit, double value, String requestId, List<String[]> tags) {
    StringBuilder attrs = new StringBuilder(attr("faas.name", function));
    if (requestId != null) {
      attrs.append(',').append(attr("faas.invocation_id", requestId));
    }
    for (String[] t : tags) {
      attrs.append(',').append(attr(t[0], t[1]));
    }
    return metric(name, unit, value, Instant.now(), attrs.toString());
  }

  /**
   * {@code farol.instrumentation_status}: 1 a tracer sends data, 0 a tracer layer is attached but
   * nothing arrived from it (not wrapped, or sending elsewhere).
   */
  String instrumentationStatus(int value, List<String> tracerLayers) {
    String attrs = attr("faas.name", function) + "," + attr("farol.tracer_layers", String.join(", ", tracerLayers));
    return "{\"name\":\"farol.instrumentation_status\",\"unit\":\"1\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
        + nanos(Instant.now()) + "\",\"asDouble\":" + value + ",\"attributes\":[" + attrs + "]}]}}";
  }

  private static String metric(String name, String unit, double value, Instant time, String attributes) {
    return "{\"name\":" + Json.quote(name) + ",\"unit\":" + Json.quote(unit) + ",\"gauge\":{\"dataPoints\":"
        + "[{\"timeUnixNano\":\"" + nanos(time) + "\",\"asDouble\":" + value + ",\"attributes\":[" + attributes
        + "]}]}}";
  }
}
