package dev.farol.doctor.checks;

import dev.farol.doctor.code.Adapter;
import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.Layer;
import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * FAROL-H001: a tracer layer is attached, but nothing starts its tracer: the handler points at the
 * application (often a web adapter such as Mangum) instead of the tracer's wrapper, or the exec wrapper
 * that starts the tracer is not set. The case Farol exists for.
 */
final class HandlerWrapped implements Check {

  @Override
  public void run(FunctionFacts f, Findings out) {
    if (f.family() == null || f.fn().image()) {
      return;
    }
    Set<Vendor> seen = EnumSet.noneOf(Vendor.class);
    for (AttachedLayer a : f.tracers()) {
      Layer layer = a.layer().orElseThrow();
      if (!layer.forRuntime(f.family()) || !seen.add(layer.vendor())) {
        continue;
      }
      Optional<TracerStart> start = TracerStart.of(layer.vendor(), f.family());
      if (start.isEmpty() || start.get().inCode()) {
        continue;
      }
      if (start.get().byHandler()) {
        handlerWrapper(f, a, layer, start.get(), out);
      } else {
        execWrapper(f, a, layer, start.get(), out);
      }
    }
  }

  private static void handlerWrapper(FunctionFacts f, AttachedLayer a, Layer layer, TracerStart start,
      Findings out) {
    Val handler = f.fn().handler();
    if (handler.symbolic()) {
      out.add(Code.I001, f, handler.site(), "The handler is " + handler.text() + ", which cannot be known from the "
          + "files, so whether it goes through " + layer.vendor().label() + "'s wrapper " + start.handler()
          + " cannot be told.", "If it does not, " + layer.vendor().label() + "'s tracer never runs and no trace "
          + "is made.", null, List.of());
      return;
    }
    if (!handler.known() || f.handlerWrapper().isPresent() || f.code().wrappedInCode().contains(layer.vendor())) {
      return;
    }
    String app = handler.value();
    Optional<Adapter> adapter = f.code().adapter();
    StringBuilder msg = new StringBuilder("The handler is not wrapped: it points straight at ").append(app);
    if (adapter.isPresent()) {
      msg.append(", a ").append(adapter.get().name()).append(" adapter serving ").append(adapter.get().application());
      if (adapter.get().site() != null) {
        msg.append(" (made at ").append(adapter.get().site().location()).append(')');
      }
    } else {
      msg.append(", the application's own handler");
    }
    msg.append(", not at ").append(layer.vendor().label()).append("'s wrapper ").append(start.handler())
        .append(", while ").append(layer.describe()).append(" is attached.");
    if (!f.code().sourceSeen() && layer.vendor() == Vendor.DATADOG) {
      msg.append(" (The handler's source was not found, so a wrapper applied in its code could not be seen.)");
    }
    String why = layer.vendor().label() + "'s tracer starts only when Lambda calls its wrapper, which then calls the "
        + "handler named in " + start.handlerEnv() + ". Called directly, the handler runs with no tracer: "
        + (layer.vendor() == Vendor.FAROL
            ? "Farol's extension still makes the invocation and init spans from the platform's events, but the "
            + "function's own spans (its web framework's request, its outgoing calls) are never made and its log "
            + "lines carry no span."
            : "no invocation span is made, the extension has no trace id for the cold start (Datadog's extension "
            + "logs \"Not sending cold start span because trace ID is unset\"), and no trace arrives; logs still "
            + "flow, tied to no trace.");
    List<Change> fix = new ArrayList<>();
    fix.add(new Change.SetHandler(start.handler()));
    fix.add(new Change.SetEnv(start.handlerEnv(), app));
    out.add(Code.H001, f, handler.site(), msg.toString(), why, "Point the handler at " + layer.vendor().label()
        + "'s wrapper and name the real handler in " + start.handlerEnv()
        + (adapter.isPresent() ? " (the " + adapter.get().name() + " object stays as it is)" : "") + ".", fix);
  }

  private static void execWrapper(FunctionFacts f, AttachedLayer a, Layer layer, TracerStart start, Findings out) {
    Val exec = f.execWrapper();
    if (exec.known() && start.execWrappers().contains(exec.value().trim())) {
      return;
    }
    if (start.javaAgent() != null && javaAgentLoaded(f, start.javaAgent())) {
      return;
    }
    if (exec.symbolic() || exec.absent() && f.fn().env().open()) {
      return;
    }
    String wrapper = start.execWrappers().get(0);
    Optional<Adapter> adapter = f.code().adapter();
    StringBuilder msg = new StringBuilder("The handler is not wrapped: ");
    msg.append(exec.absent() ? "AWS_LAMBDA_EXEC_WRAPPER is not set"
        : "AWS_LAMBDA_EXEC_WRAPPER is " + exec.value() + ", which does not start " + layer.vendor().label() + "'s tracer");
    msg.append(", so ").append(layer.describe()).append(" is attached but nothing starts it; the handler ");
    msg.append(f.fn().handler().known() ? f.fn().handler().value() : "");
    if (adapter.isPresent()) {
      msg.append(" (the ").append(adapter.get().name()).append(" adapter for ").append(adapter.get().application())
          .append(')');
    }
    msg.append(" runs alone.");
    String why = "In " + f.family() + " functions " + layer.vendor().label() + "'s tracer is started by the "
        + "wrapper script " + wrapper + " that its layer provides; Lambda runs it only when AWS_LAMBDA_EXEC_WRAPPER "
        + "names it. Without it no tracer runs: no invocation span, no cold-start span in a trace, and log lines "
        + "tied to no trace.";
    out.add(Code.H001, f, exec.present() ? exec.site() : f.fn().env().site(), msg.toString(), why,
        "Set AWS_LAMBDA_EXEC_WRAPPER to " + wrapper + ".", List.of(new Change.SetEnv("AWS_LAMBDA_EXEC_WRAPPER", wrapper)));
  }

  static boolean javaAgentLoaded(FunctionFacts f, String jar) {
    for (String name : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
      Val v = f.fn().env().get(name);
      if (v.known() && v.value().contains("-javaagent:" + jar)) {
        return true;
      }
    }
    return false;
  }
}
