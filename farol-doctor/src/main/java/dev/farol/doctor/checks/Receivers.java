package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.Layer;
import dev.farol.doctor.layers.Role;
import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a tracer's data goes: FAROL-L001 when a tracer is set up and nothing in the function receives
 * it; FAROL-L006 when two telemetry extensions of different vendors both take the invocation's data.
 */
final class Receivers implements Check {

  @Override
  public void run(FunctionFacts f, Findings out) {
    if (f.fn().image() || f.localFarol()) {
      return;
    }
    Set<Vendor> tracers = EnumSet.noneOf(Vendor.class);
    for (AttachedLayer a : f.tracers()) {
      if (a.layer().get().role() == Role.TRACER) {
        tracers.add(a.layer().get().vendor());
      }
    }
    f.handlerWrapper().ifPresent(w -> tracers.add(w.vendor()));
    for (Vendor v : tracers) {
      missingReceiver(f, v, out);
    }
    competing(f, out);
  }

  private static void missingReceiver(FunctionFacts f, Vendor v, Findings out) {
    if (!f.allLayersKnown()) {
      return;
    }
    switch (v) {
      case DATADOG -> {
        if (f.hasExtension(Vendor.DATADOG) || f.provided("extensions/datadog-agent")
            || f.fn().env().is("DD_FLUSH_TO_LOG", "true")) {
          return;
        }
        out.add(Code.L001, f, f.fn().layers().site(), "Datadog's tracer is set up but no Datadog extension layer is "
            + "attached, and DD_FLUSH_TO_LOG is not true.", "Datadog's tracers send traces and metrics to the "
            + "extension on localhost; with no extension (and no Forwarder reading the logs) they go nowhere, and no "
            + "enhanced metrics are made.", "Attach Datadog's extension layer.",
            List.of(new Change.AddLayer(LayerArns.datadogExtension(f))));
      }
      case OPENTELEMETRY, FAROL -> {
        if (otlpReceiver(f) || endpointSet(f)) {
          return;
        }
        boolean farol = v == Vendor.FAROL;
        out.add(Code.L001, f, f.fn().layers().site(), (farol ? "Farol's" : "OpenTelemetry's") + " tracer is set up "
            + "but nothing in the function receives its spans: no " + (farol ? "Farol extension, " : "")
            + "collector layer, and no OTEL_EXPORTER_OTLP_ENDPOINT.", "The tracer exports OTLP to 127.0.0.1:4318 by "
            + "default; with no extension listening there every export fails and the spans are dropped.",
            farol ? "Attach Farol's extension layer." : "Attach the OpenTelemetry collector layer.",
            farol ? List.of(new Change.AddLayer("farol:extension"))
                : List.of(new Change.AddLayer(LayerArns.openTelemetryCollector(f))));
      }
      default -> { }
    }
  }

  /** An OTLP receiver on 4318: Farol's extension, an OpenTelemetry collector, an ADOT layer. */
  private static boolean otlpReceiver(FunctionFacts f) {
    return f.traceReceivers().stream().map(a -> a.layer().get())
        .anyMatch(l -> l.vendor() == Vendor.FAROL || l.vendor() == Vendor.OPENTELEMETRY || l.vendor() == Vendor.ADOT);
  }

  private static boolean endpointSet(FunctionFacts f) {
    for (String name : List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "FAROL_TRACER_ENDPOINT")) {
      Val v = f.fn().env().get(name);
      if (v.present()) {
        return true;
      }
    }
    return false;
  }

  private static void competing(FunctionFacts f, Findings out) {
    Set<Vendor> extensions = new LinkedHashSet<>();
    for (AttachedLayer a : f.layers()) {
      a.layer().filter(l -> l.role() == Role.EXTENSION).ifPresent(l -> extensions.add(l.vendor()));
    }
    if (extensions.size() > 1) {
      List<Layer> ext = f.layers().stream().map(AttachedLayer::layer).filter(o -> o.isPresent()
          && o.get().role() == Role.EXTENSION).map(o -> o.get()).toList();
      out.add(Code.L006, f, f.fn().layers().site(), "Telemetry extensions of " + extensions.size() + " vendors are "
          + "attached: " + ext.stream().map(Layer::describe).collect(Collectors.joining(", ")) + ".",
          "Each subscribes to the Telemetry API, holds every invocation until it has flushed and adds to the cold "
          + "start, while a tracer sends to only one of them: the others receive platform data alone, and the "
          + "function's timeout and memory are shared by all.", "Keep one telemetry extension.", List.of());
    }
  }
}
