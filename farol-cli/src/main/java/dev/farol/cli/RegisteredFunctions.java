package dev.farol.cli;

import dev.farol.doctor.Doctor;
import dev.farol.doctor.DoctorOptions;
import dev.farol.doctor.Report;
import dev.farol.findings.Finding;
import dev.farol.runtime.config.ConfigOrigin;
import dev.farol.runtime.config.Definitions;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.LayerRef;
import dev.farol.server.catalog.FunctionDefinition;
import dev.farol.server.catalog.KnownFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code farol up} tells its server of the functions it runs ({@link
 * dev.farol.server.catalog.InMemoryFunctionCatalog}): each function as the local Lambda runs it, with what Farol
 * attached marked, and what {@code farol doctor} finds in the definition file it loaded them from (examined once,
 * at start).
 */
final class RegisteredFunctions {
  private RegisteredFunctions() {}

  /**
   * The doctor's report on the definition file, file names relative to {@code base}; a doctor that fails is
   * reported as its error, never in the way of {@code farol up}.
   */
  static Report examine(Definitions loaded, Path base) {
    try {
      return Doctor.examine(DoctorOptions.of(base, List.of(loaded.source())));
    } catch (RuntimeException e) {
      return new Report(List.of(), List.of(), List.of(), List.of("the doctor could not examine " + loaded.source()
          + ": " + e));
    }
  }

  /**
   * Each function of {@code run} (as it runs: {@code loaded}'s, with Farol's extension attached) with the doctor's
   * findings for it, and those of the file as a whole; the doctor's errors go with every function.
   */
  static List<KnownFunction> of(Definitions loaded, List<FunctionConfig> run, Report doctor) {
    List<KnownFunction> out = new ArrayList<>();
    for (FunctionConfig fn : run) {
      FunctionConfig defined = loaded.find(fn.name()).orElse(fn);
      List<Finding> findings = doctor.findings().stream()
          .filter(f -> f.function() == null || f.function().equals(fn.name())).toList();
      out.add(new KnownFunction(definition(defined, fn), findings, doctor.errors()));
    }
    return out;
  }

  /** {@code run} as the server shows it, what it has beyond {@code defined} marked attached. */
  static FunctionDefinition definition(FunctionConfig defined, FunctionConfig run) {
    List<FunctionDefinition.Layer> layers = new ArrayList<>();
    for (LayerRef l : run.layers()) {
      boolean declared = defined.layers().stream().anyMatch(d -> d.ref().equals(l.ref()));
      layers.add(new FunctionDefinition.Layer(l.ref(), !declared));
    }
    List<FunctionDefinition.Variable> environment = new ArrayList<>();
    for (Map.Entry<String, String> e : run.environment().entrySet()) {
      boolean declared = e.getValue().equals(defined.environment().get(e.getKey()));
      environment.add(new FunctionDefinition.Variable(e.getKey(), e.getValue(), !declared));
    }
    List<String> routes = run.routes().stream().map(RegisteredFunctions::route).toList();
    return new FunctionDefinition(run.name(), run.runtime(), run.handler(), run.memorySizeMb(),
        run.timeoutSeconds(), run.architecture(), layers, environment, routes, run.reservedConcurrency(),
        run.code().toString(), definedAt(run.origin()));
  }

  private static String route(HttpRoute r) {
    return r.method() + " " + r.path();
  }

  private static String definedAt(ConfigOrigin origin) {
    return origin.file() == null ? origin.toString() : origin.file() + ":" + origin.line();
  }
}
