package dev.farol.doctor.code;

import dev.farol.doctor.layers.Vendor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a function's code says about its handler.
 *
 * @param handlerSource the handler's source file, when found on disk
 * @param bundledTracers tracers the package carries itself, each with where that shows
 * @param powertoolsTracer the handler's code uses Powertools' Tracer (an X-Ray SDK tracer)
 * @param wrappedInCode vendors whose tracer the handler's own code wraps it with ({@code @datadog_lambda_wrapper},
 *     {@code datadog(handler)})
 */
public record CodeFacts(Optional<Adapter> adapter, Optional<Path> handlerSource, Map<Vendor, String> bundledTracers,
    java.util.Set<Vendor> wrappedInCode, boolean powertoolsTracer) {

  public static final CodeFacts NONE = new CodeFacts(Optional.empty(), Optional.empty(), Map.of(), java.util.Set.of(),
      false);

  /** Whether the handler's source was read (from disk or an archive). */
  public boolean sourceSeen() {
    return handlerSource.isPresent();
  }
}
