package dev.farol.doctor.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.farol.doctor.Report;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Finding;
import dev.farol.findings.FindingJson;
import dev.farol.findings.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The report for machines: {@code {"exitStatus":1,"inputs":[…],"errors":[…],"functions":[…],"findings":[…],
 * "summary":{…}}}, each finding in the shape the server and the UI share ({@link FindingJson}), each
 * function with the settings the doctor read (a symbolic value as {@code {"expression":"…"}}).
 */
public final class JsonReport {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonReport() {}

  public static String render(Report r) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("exitStatus", r.exitStatus());
      g.writeArrayFieldStart("inputs");
      for (String i : r.inputs()) {
        g.writeString(i);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("errors");
      for (String e : r.errors()) {
        g.writeString(e);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("functions");
      for (FunctionDef f : r.functions()) {
        function(f, g);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("findings");
      for (Finding f : r.findings()) {
        g.writeRawValue(FindingJson.of(f));
      }
      g.writeEndArray();
      g.writeObjectFieldStart("summary");
      g.writeNumberField("errors", r.count(Severity.ERROR));
      g.writeNumberField("warnings", r.count(Severity.WARNING));
      g.writeNumberField("notes", r.count(Severity.NOTE));
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  private static void function(FunctionDef f, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", f.name());
    g.writeStringField("format", f.format().label());
    g.writeStringField("definedAt", f.site().location());
    value(g, "handler", f.handler());
    value(g, "runtime", f.runtime());
    value(g, "architecture", f.architecture());
    value(g, "memorySize", f.memory());
    value(g, "timeout", f.timeout());
    value(g, "tracing", f.tracing());
    g.writeObjectFieldStart("environment");
    for (Map.Entry<String, Val> e : f.env().vars().entrySet()) {
      value(g, e.getKey(), e.getValue());
    }
    g.writeEndObject();
    if (f.env().open()) {
      g.writeStringField("environmentAlsoFrom", f.env().openBecause());
    }
    g.writeArrayFieldStart("layers");
    for (Val v : f.layers().items()) {
      if (v.known()) {
        g.writeString(v.value());
      } else {
        g.writeStartObject();
        g.writeStringField("expression", v.text());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("instrumentedBy");
    for (var i : f.instrumentations()) {
      g.writeString(i.by());
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void value(JsonGenerator g, String name, Val v) throws IOException {
    if (v.absent()) {
      return;
    }
    if (v.known()) {
      g.writeStringField(name, v.value());
    } else {
      g.writeObjectFieldStart(name);
      g.writeStringField("expression", v.text());
      g.writeEndObject();
    }
  }
}
