package dev.farol.doctor.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.farol.findings.Finding;
import dev.farol.findings.FindingJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The live check for machines: {@code {"exitStatus":1,"function":…,"requestId":…,"traceId":…,
 * "callerTraceId":…,"via":…,"hops":[{"hop":"handler-loaded","status":"passed","description":…,"detail":…}…],
 * "findings":[…]}}, the cause first among the findings, each in the shape the server and the UI share
 * ({@link FindingJson}).
 */
public final class LiveJson {
  private static final JsonFactory JSON = new JsonFactory();

  private LiveJson() {}

  public static String render(LiveResult r) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("exitStatus", r.exitStatus());
      g.writeStringField("function", r.function());
      g.writeStringField("requestId", r.requestId());
      g.writeStringField("traceId", r.traceId());
      g.writeStringField("callerTraceId", r.callerTraceId());
      g.writeStringField("via", r.via());
      g.writeArrayFieldStart("hops");
      for (HopResult h : r.hops()) {
        g.writeStartObject();
        g.writeStringField("hop", h.hop().key());
        g.writeStringField("status", h.status().label());
        g.writeStringField("description", h.hop().description());
        g.writeStringField("detail", h.detail());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("findings");
      for (Finding f : r.findings()) {
        g.writeRawValue(FindingJson.of(f));
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }
}
