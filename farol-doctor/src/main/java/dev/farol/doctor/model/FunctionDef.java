package dev.farol.doctor.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One Lambda function as a definition gives it, in every input format alike. Readers make it from the
 * files; instrumentations (the Datadog module, macro or plugin) rewrite it into what gets deployed; the
 * checks read that.
 *
 * @param name the function's name as the definition gives it (its {@code function_name}, or the resource
 *     address or logical id when that is not knowable)
 * @param site where the function is defined (its resource block, its logical id)
 * @param architecture {@code x86_64} or {@code arm64}; absent means Lambda's default, x86_64
 * @param tracing X-Ray tracing mode: {@code Active} or {@code PassThrough}; absent means PassThrough
 * @param packageType {@code Zip} or {@code Image}; absent means Zip
 * @param code the function's code on disk (a directory or an archive) when the files say where, else
 *     {@code null}
 * @param region the function's region when the files say it (a provider block, a template's parameter)
 */
public record FunctionDef(String name, Format format, Site site, Val handler, Val runtime, Val architecture,
    Val memory, Val timeout, Val tracing, Val packageType, Env env, Layers layers, Path code, Policies policies,
    List<Instrumentation> instrumentations, Val region) {

  public FunctionDef {
    instrumentations = List.copyOf(instrumentations);
  }

  public FunctionDef withHandler(Val v) {
    return new FunctionDef(name, format, site, v, runtime, architecture, memory, timeout, tracing, packageType,
        env, layers, code, policies, instrumentations, region);
  }

  public FunctionDef withEnv(Env v) {
    return new FunctionDef(name, format, site, handler, runtime, architecture, memory, timeout, tracing,
        packageType, v, layers, code, policies, instrumentations, region);
  }

  public FunctionDef withLayers(Layers v) {
    return new FunctionDef(name, format, site, handler, runtime, architecture, memory, timeout, tracing,
        packageType, env, v, code, policies, instrumentations, region);
  }

  public FunctionDef withTracing(Val v) {
    return new FunctionDef(name, format, site, handler, runtime, architecture, memory, timeout, v, packageType,
        env, layers, code, policies, instrumentations, region);
  }

  public FunctionDef instrumentedBy(Instrumentation i) {
    List<Instrumentation> all = new ArrayList<>(instrumentations);
    all.add(i);
    return new FunctionDef(name, format, site, handler, runtime, architecture, memory, timeout, tracing,
        packageType, env, layers, code, policies, all, region);
  }

  /** The architecture Lambda runs it on: {@code arm64}, {@code x86_64}, or {@code null} when not knowable. */
  public String effectiveArchitecture() {
    if (architecture.absent()) {
      return "x86_64";
    }
    return architecture.known() ? architecture.value().trim().toLowerCase(java.util.Locale.ROOT) : null;
  }

  /** Whether it is a container image (which has no layers and no managed runtime). */
  public boolean image() {
    return packageType.is("Image");
  }
}
