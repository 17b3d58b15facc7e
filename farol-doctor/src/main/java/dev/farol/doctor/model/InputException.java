package dev.farol.doctor.model;

/**
 * An input that cannot be read: its message names the file and line ({@code template.yaml:14: …}) and
 * says what was expected. The doctor reports it instead of a stack trace and exits 2.
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String location;

  public InputException(String location, String problem) {
    super(location + ": " + problem);
    this.location = location;
  }

  /** {@code file:line}, or the file. */
  public String location() {
    return location;
  }
}
