package dev.farol.doctor.checks;

import dev.farol.doctor.code.HandlerCode;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.findings.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every check, in the order of the hops they look at; runs them over one function at a time. */
public final class Checks {
  private static final List<Check> ALL = List.of(new HandlerWrapped(), new WrapperTarget(), new StartFiles(),
      new TracerLayers(), new Receivers(), new LayerFit(), new TracingSwitches(), new XRayTracing(),
      new TraceRouting(), new DatadogKey(), new Destinations(), new DatadogSettings(), new Capacity());

  private final HandlerCode code;

  public Checks(HandlerCode code) {
    this.code = code;
  }

  /** What the checks find in {@code fn}. */
  public List<Finding> run(FunctionDef fn) {
    FunctionFacts facts = new FunctionFacts(fn, code, ref -> localDirectory(fn, ref));
    Findings out = new Findings();
    for (Check c : ALL) {
      try {
        c.run(facts, out);
      } catch (RuntimeException e) {
        throw new CheckFailure(c.getClass().getSimpleName() + " failed on " + fn.name() + " (" + fn.site().location()
            + "): " + e, e);
      }
    }
    return out.drain();
  }

  /** A check that broke on a definition: a bug of the doctor's, reported as such and not as a finding. */
  public static final class CheckFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A layer written as a path: the directory next to the definition that holds it. */
  private static Optional<Path> localDirectory(FunctionDef fn, String ref) {
    if (ref.contains(":") || fn.site().file() == null) {
      return Optional.empty();
    }
    Path dir = fn.site().file().toAbsolutePath().getParent().resolve(ref).normalize();
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }
}
