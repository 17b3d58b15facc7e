package dev.farol.runtime.invoke;

/**
 * What a synchronous invocation answered.
 *
 * @param requestId the invocation's request id
 * @param payload the function's response, or the error object when {@code functionError} is set
 * @param contentType the content type the runtime gave its response
 * @param functionError {@code "Unhandled"} when the function failed, else {@code null}
 * @param errorType the error type when the function failed (e.g. {@code Sandbox.Timedout}), else {@code null}
 * @param logTail the last 4 KB of the invocation's log (START … REPORT) when asked for, else {@code null}
 * @param executedVersion the version that ran, {@code $LATEST} locally
 */
public record InvokeResult(
    String requestId,
    byte[] payload,
    String contentType,
    String functionError,
    String errorType,
    String logTail,
    String executedVersion) {

  public boolean failed() {
    return functionError != null;
  }
}
