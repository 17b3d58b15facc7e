package dev.farol.cli;

/** A problem the user can fix (bad option, bad template, port in use): printed without a stack trace. */
final class UserError extends RuntimeException {
  private final int exitCode;

  UserError(String message) {
    this(message, 2);
  }

  UserError(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
