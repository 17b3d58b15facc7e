package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.util.List;
import java.util.Optional;

/**
 * The handler is a tracer's wrapper: FAROL-H002 when the variable naming the real handler is missing,
 * FAROL-H003 when it names the wrapper itself, FAROL-H005 when the wrapper is another runtime's; and
 * FAROL-C006 when such a variable is set but no wrapper reads it.
 */
final class WrapperTarget implements Check {

  @Override
  public void run(FunctionFacts f, Findings out) {
    Optional<TracerStart> wrapper = f.handlerWrapper();
    if (wrapper.isEmpty()) {
      unusedHandlerSetting(f, out);
      return;
    }
    TracerStart w = wrapper.get();
    Val handler = f.fn().handler();
    if (f.family() != null && !w.family().equals(f.family())) {
      Optional<TracerStart> right = TracerStart.of(w.vendor(), f.family()).filter(TracerStart::byHandler);
      Val real = f.fn().env().get(w.handlerEnv());
      String fixTo = right.map(TracerStart::handler).orElse(real.known() ? real.value() : null);
      out.add(Code.H005, f, handler.site(), "The handler " + handler.value() + " is " + w.vendor().label() + "'s wrapper "
          + "for " + w.family() + ", but the function runs " + f.fn().runtime().value() + ".",
          "Lambda cannot load a " + w.family() + " handler in a " + f.family() + " runtime: every invocation fails "
          + "with Runtime.ImportModuleError or Runtime.HandlerNotFound before any telemetry is made.",
          fixTo == null ? null : "Point the handler at " + fixTo + ".", fixTo == null ? List.of()
              : List.of(new Change.SetHandler(fixTo)));
      return;
    }
    Val real = f.realHandlerSetting(w);
    if (real.absent()) {
      if (w.handlerEnvs().stream().anyMatch(n -> !f.fn().env().surelyMissing(n))) {
        return;
      }
      out.add(Code.H002, f, handler.site(), "The handler is " + w.vendor().label() + "'s wrapper " + handler.value()
          + " but " + w.handlerEnv() + " is not set, so the wrapper does not know which handler to call.",
          "The wrapper loads the handler named in " + w.handlerEnv() + " at start-up; without it the function fails "
          + "to initialise (Datadog's wrapper: \"DD_LAMBDA_HANDLER is not defined\"), and every invocation errors.",
          "Name the real handler in " + w.handlerEnv() + ".",
          List.of(new Change.SetEnv(w.handlerEnv(), placeholder(f.family()))));
    } else if (real.known() && (real.value().isBlank() || !real.value().contains("."))
        && !"java".equals(f.family())) {
      String name = setName(f, w);
      out.add(Code.H002, f, real.site(), name + " is \"" + real.value() + "\", which names no handler: "
          + "the wrapper expects <module>.<function>.", "The wrapper cannot split it into a module and a function ("
          + ("python".equals(f.family()) ? "\"Value " + real.value() + " for DD_LAMBDA_HANDLER has invalid format\""
          : "Runtime.MalformedHandlerName: Bad handler") + "), so the function fails to initialise and every "
          + "invocation errors.", "Name the real handler in " + name + ".",
          List.of(new Change.SetEnv(name, placeholder(f.family()))));
    } else if (real.known() && TracerStart.wrapping(real.value()).isPresent()) {
      String name = setName(f, w);
      out.add(Code.H003, f, real.site(), name + " is " + real.value() + ", the wrapper itself, not the "
          + "application's handler.", "The wrapper calls what " + name + " names: itself, again and again, "
          + "until the invocation fails (a recursion error or a timeout).", "Name the application's handler in "
          + name + ".", List.of(new Change.SetEnv(name, placeholder(f.family()))));
    }
  }

  private static void unusedHandlerSetting(FunctionFacts f, Findings out) {
    // Ruby's tracer starts in the code; Datadog's tools set DD_LAMBDA_HANDLER for it all the same
    if (out.has(Code.H001) || "ruby".equals(f.family())) {
      return;
    }
    for (String name : List.of("DD_LAMBDA_HANDLER", "FAROL_LAMBDA_HANDLER")) {
      Val v = f.fn().env().get(name);
      if (v.present() && f.fn().handler().known()) {
        out.add(Code.C006, f, v.site(), name + " is set (" + v.shown() + ") but the handler is "
            + f.fn().handler().value() + ", not a wrapper that reads it.", "Nothing reads " + name + " unless the "
            + "handler is the tracer's wrapper; if the intent was to trace this function, the wrapper is missing.",
            null, List.of());
      }
    }
  }

  /** The handler variable of the wrapper's that is set. */
  private static String setName(FunctionFacts f, TracerStart w) {
    return w.handlerEnvs().stream().filter(n -> f.fn().env().has(n)).findFirst().orElse(w.handlerEnv());
  }

  private static String placeholder(String family) {
    return switch (family == null ? "" : family) {
      case "python" -> "<module>.<function>";
      case "nodejs" -> "<file>.<export>";
      case "java" -> "<package>.<Class>::<method>";
      default -> "<your handler>";
    };
  }
}
