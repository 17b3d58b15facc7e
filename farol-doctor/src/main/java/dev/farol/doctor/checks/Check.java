package dev.farol.doctor.checks;

/** One family of checks over a function: each reports what it finds into {@link Findings}. */
public interface Check {
  void run(FunctionFacts f, Findings out);
}
