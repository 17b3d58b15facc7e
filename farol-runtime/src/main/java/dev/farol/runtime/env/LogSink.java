package dev.farol.runtime.env;

/** Where the local Lambda prints what its functions log (the console of {@code farol up}). */
@FunctionalInterface
public interface LogSink {
  LogSink DISCARD = (function, source, line) -> { };

  /**
   * @param function the function's name
   * @param source {@code function}, {@code platform} or {@code extension:<name>}
   * @param line one log line, without its line break
   */
  void line(String function, String source, String line);
}
