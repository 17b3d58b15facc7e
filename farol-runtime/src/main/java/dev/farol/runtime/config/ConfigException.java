package dev.farol.runtime.config;

/**
 * A definition file that cannot be used as written. The message always starts with
 * {@code file:line:} and names what was expected, e.g.
 * {@code template.yaml:14: Timeout must be 1..900 seconds, got 0}.
 */
public final class ConfigException extends RuntimeException {
  private final transient ConfigOrigin origin;

  public ConfigException(ConfigOrigin origin, String message) {
    super(origin + ": " + message);
    this.origin = origin;
  }

  public ConfigOrigin origin() {
    return origin;
  }
}
