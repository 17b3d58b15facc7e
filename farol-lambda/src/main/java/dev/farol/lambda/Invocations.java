package dev.farol.lambda;

/** What integrations (web frameworks) may tell the invocation under way. */
public final class Invocations {
  private Invocations() {}

  /**
   * An exception the application's own exception handling turned into a response: the invocation span
   * still records it, with its type, so the failure is not hidden behind a well-formed answer.
   */
  public static void handledException(Throwable t) {
    InvocationTrace current = InvocationTrace.current();
    if (current != null && t != null) {
      current.handledException(t);
    }
  }
}
