package dev.farol.doctor.checks;

import dev.farol.doctor.layers.Vendor;
import java.util.EnumSet;
import java.util.Set;

/** Which vendors' tracers a function is set up with: by a tracer layer for its runtime or by its handler. */
final class Vendors {
  private Vendors() {}

  static Set<Vendor> tracing(FunctionFacts f) {
    Set<Vendor> v = EnumSet.noneOf(Vendor.class);
    for (AttachedLayer a : f.tracers()) {
      if (f.family() == null || a.layer().get().forRuntime(f.family())) {
        v.add(a.layer().get().vendor());
      }
    }
    f.handlerWrapper().ifPresent(w -> v.add(w.vendor()));
    if (f.execWrapper().known()) {
      TracerStart.startedBy(f.execWrapper().value()).forEach(t -> {
        if (t.family().equals(f.family()) && f.tracers().stream().anyMatch(a -> a.layer().get().vendor() == t.vendor())) {
          v.add(t.vendor());
        }
      });
    }
    return v;
  }

  static boolean openTelemetry(Set<Vendor> v) {
    return v.contains(Vendor.OPENTELEMETRY) || v.contains(Vendor.ADOT) || v.contains(Vendor.APPLICATION_SIGNALS);
  }
}
