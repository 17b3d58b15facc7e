package dev.farol.doctor.checks;

import dev.farol.doctor.model.Runtime;
import dev.farol.doctor.code.CodeFacts;
import dev.farol.doctor.code.HandlerCode;
import dev.farol.doctor.layers.Layer;
import dev.farol.doctor.layers.LayerCatalog;
import dev.farol.doctor.layers.Role;
import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Val;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the checks need to know of one function, worked out once: its runtime, its layers as the doctor
 * recognises them, the wrapper its handler names, and (read when first asked) what its code says.
 */
public final class FunctionFacts {
  private final FunctionDef fn;
  private final Optional<Runtime> runtime;
  private final List<AttachedLayer> layers = new ArrayList<>();
  private final boolean allLayersKnown;
  private final Function<FunctionFacts, CodeFacts> codeReader;
  private CodeFacts code;

  public FunctionFacts(FunctionDef fn, HandlerCode handlerCode, Function<String, Optional<Path>> localLayerDir) {
    this.fn = fn;
    this.runtime = fn.runtime().known() ? Runtime.parse(fn.runtime().value()) : Optional.empty();
    boolean known = !fn.layers().open();
    for (Val v : fn.layers().items()) {
      Optional<Layer> l = Optional.empty();
      if (v.known()) {
        l = LayerCatalog.identify(v.value());
        if (l.isEmpty()) {
          l = localLayerDir.apply(v.value()).flatMap(dir -> LayerCatalog.scan(v.value(), dir));
        }
      } else if (v.symbolic()) {
        l = LayerCatalog.identifyWritten(v.text());
      }
      if (l.isEmpty()) {
        known = false;
      }
      layers.add(new AttachedLayer(v, l));
    }
    this.allLayersKnown = known;
    this.codeReader = f -> f.runtime.isEmpty() || !f.fn.handler().known() ? CodeFacts.NONE
        : handlerCode.inspect(f.fn, f.realHandler().map(Val::value).orElse(f.fn.handler().value()),
            f.runtime.get().family());
  }

  public FunctionDef fn() {
    return fn;
  }

  /** The runtime, when known and recognised. */
  public Optional<Runtime> runtime() {
    return runtime;
  }

  /** The runtime family, or {@code null}. */
  public String family() {
    return runtime.map(Runtime::family).orElse(null);
  }

  public List<AttachedLayer> layers() {
    return layers;
  }

  /** Every layer is recognised and nothing unknown may add more: a file no layer shows is then surely missing. */
  public boolean allLayersKnown() {
    return allLayersKnown;
  }

  /** The recognised layers with a tracer. */
  public List<AttachedLayer> tracers() {
    return layers.stream().filter(a -> a.layer().map(l -> l.role().tracer()).orElse(false)).toList();
  }

  /** The recognised layers that receive traces (extensions, ADOT's tracer-and-collector layers). */
  public List<AttachedLayer> traceReceivers() {
    return layers.stream().filter(a -> a.layer().map(l -> l.role().receivesTraces()).orElse(false)).toList();
  }

  /** The recognised layers of {@code vendor} in {@code role}. */
  public List<AttachedLayer> layers(Vendor vendor, Role role) {
    return layers.stream().filter(a -> a.layer().map(l -> l.vendor() == vendor && l.role() == role).orElse(false))
        .toList();
  }

  public boolean hasExtension(Vendor vendor) {
    return layers.stream().anyMatch(a -> a.layer().map(l -> l.vendor() == vendor && l.role().receivesTraces())
        .orElse(false));
  }

  /** Whether some recognised layer puts {@code optPath} under /opt. */
  public boolean provided(String optPath) {
    return layers.stream().anyMatch(a -> a.layer().map(l -> l.provides(optPath)).orElse(false));
  }

  /** A layer written as a Farol built-in ({@code farol:tracer}): the definition is for Farol's local Lambda. */
  public boolean localFarol() {
    return layers.stream().anyMatch(a -> a.written().known()
        && a.written().value().toLowerCase(java.util.Locale.ROOT).startsWith("farol:"));
  }

  /** The handler wrapper the handler names, of any vendor and runtime. */
  public Optional<TracerStart> handlerWrapper() {
    return fn.handler().known() ? TracerStart.wrapping(fn.handler().value()) : Optional.empty();
  }

  /** The real handler: what the wrapper's variable names when the handler is a wrapper, else the handler. */
  public Optional<Val> realHandler() {
    Optional<TracerStart> w = handlerWrapper();
    if (w.isPresent()) {
      Val real = realHandlerSetting(w.get());
      return real.known() ? Optional.of(real) : Optional.empty();
    }
    return fn.handler().known() ? Optional.of(fn.handler()) : Optional.empty();
  }

  /** The first of the wrapper's handler variables that is set, else the (absent) first. */
  public Val realHandlerSetting(TracerStart w) {
    for (String name : w.handlerEnvs()) {
      if (fn.env().has(name)) {
        return fn.env().get(name);
      }
    }
    return fn.env().get(w.handlerEnv());
  }

  public Val execWrapper() {
    return fn.env().get("AWS_LAMBDA_EXEC_WRAPPER");
  }

  /** What the code says (read once, when first asked). */
  public CodeFacts code() {
    if (code == null) {
      code = codeReader.apply(this);
    }
    return code;
  }
}
