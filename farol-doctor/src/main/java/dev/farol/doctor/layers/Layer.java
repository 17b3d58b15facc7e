package dev.farol.doctor.layers;

import java.util.Set;

/**
 * A layer the doctor recognises, from its ARN, its Farol built-in name, or the files of a local layer
 * directory.
 *
 * @param ref the layer as written (an ARN, {@code farol:tracer}, a directory)
 * @param name what users call it ({@code Datadog-Python312}, {@code opentelemetry-nodejs-0_11_0})
 * @param runtime the runtime family it is for ({@code python}, {@code nodejs}, {@code java},
 *     {@code dotnet}, {@code ruby}), {@code null} for any
 * @param runtimeVersion the runtime version it is built for ({@code 3.12}, {@code 20}), {@code null} for
 *     any of the family
 * @param architecture {@code x86_64} or {@code arm64}, {@code null} when it runs on both
 * @param files what it puts under {@code /opt}, as paths relative to it ({@code extensions/datadog-agent},
 *     {@code datadog_wrapper})
 * @param region the region of its ARN, {@code null} when not an ARN
 */
public record Layer(String ref, String name, Vendor vendor, Role role, String runtime, String runtimeVersion,
    String architecture, Set<String> files, String region) {

  public Layer {
    files = Set.copyOf(files);
  }

  /** Whether it is for functions of {@code family} (any layer without a runtime is). */
  public boolean forRuntime(String family) {
    return runtime == null || runtime.equals(family);
  }

  /** Whether it puts {@code optPath} ({@code /opt/datadog_wrapper} or {@code datadog_wrapper}) under /opt. */
  public boolean provides(String optPath) {
    String p = optPath.startsWith("/opt/") ? optPath.substring(5) : optPath;
    return files.contains(p);
  }

  /** {@code Datadog-Python312 (Datadog tracer for python 3.12)}. */
  public String describe() {
    StringBuilder b = new StringBuilder(name).append(" (").append(vendor.label()).append(' ');
    b.append(role == Role.EXTENSION ? "extension" : role == Role.OTHER_EXTENSION ? "extension"
        : role == Role.TRACER_AND_COLLECTOR ? "tracer and collector" : "tracer");
    if (runtime != null) {
      b.append(" for ").append(runtime);
      if (runtimeVersion != null) {
        b.append(' ').append(runtimeVersion);
      }
    }
    if (architecture != null) {
      b.append(", ").append(architecture);
    }
    return b.append(')').toString();
  }
}
