package dev.farol.runtime.invoke;

/**
 * Lambda refused an invocation before the function ran: the service errors of the Invoke API.
 * {@link #type()} is the AWS error type ({@code ResourceNotFoundException}, {@code
 * TooManyRequestsException}, …), {@link #status()} the HTTP status AWS answers with.
 */
public final class InvokeException extends Exception {
  private final String type;
  private final int status;
  private final String reason;

  public InvokeException(String type, int status, String message) {
    this(type, status, message, null);
  }

  public InvokeException(String type, int status, String message, String reason) {
    super(message, null, false, false);
    this.type = type;
    this.status = status;
    this.reason = reason;
  }

  public static InvokeException notFound(String functionArn) {
    return new InvokeException("ResourceNotFoundException", 404, "Function not found: " + functionArn);
  }

  public String type() {
    return type;
  }

  public int status() {
    return status;
  }

  /** The {@code Reason} field AWS adds to some errors (throttling), or {@code null}. */
  public String reason() {
    return reason;
  }
}
