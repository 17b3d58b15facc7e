package dev.farol.runtime.apigw;

import dev.farol.runtime.invoke.InvokeException;
import java.nio.charset.StandardCharsets;

/**
 * The responses API Gateway itself gives, each {@code {"message":"…"}} with status and text as
 * AWS sends them. This is the one place that maps a failure to a response.
 *
 * <table>
 *   <caption>Failure → REST API / HTTP API</caption>
 *   <tr><th>failure</th><th>REST API</th><th>HTTP API</th></tr>
 *   <tr><td>no route</td><td>403 Missing Authentication Token</td><td>404 Not Found</td></tr>
 *   <tr><td>body over 10 MB, event over 6 MB</td><td>413</td><td>413</td></tr>
 *   <tr><td>function error, malformed result</td><td>502 Internal server error</td>
 *       <td>500 Internal Server Error</td></tr>
 *   <tr><td>Lambda refused the invoke (throttled, not found, …)</td><td>500 Internal server
 *       error</td><td>500 Internal Server Error</td></tr>
 *   <tr><td>integration timeout (29 s / 30 s)</td><td>504 Endpoint request timed out</td>
 *       <td>503 Service Unavailable</td></tr>
 * </table>
 *
 * <p>Sources are listed in {@code package-info.java}.
 */
enum GatewayError {
  MISSING_AUTHENTICATION_TOKEN(403, "Missing Authentication Token"),
  NOT_FOUND(404, "Not Found"),
  REQUEST_TOO_LARGE(413, "Request Entity Too Large"),
  REST_INTEGRATION_FAILURE(502, "Internal server error"),
  REST_INVOKE_REJECTED(500, "Internal server error"),
  REST_TIMEOUT(504, "Endpoint request timed out"),
  HTTP_INTERNAL_SERVER_ERROR(500, "Internal Server Error"),
  HTTP_TIMEOUT(503, "Service Unavailable");

  private final int status;
  private final String message;

  GatewayError(int status, String message) {
    this.status = status;
    this.message = message;
  }

  static GatewayError noRoute(ApiType type) {
    return type == ApiType.REST ? MISSING_AUTHENTICATION_TOKEN : NOT_FOUND;
  }

  /** The function ran and failed, or returned something that is not a proxy result. */
  static GatewayError functionFailed(ApiType type) {
    return type == ApiType.REST ? REST_INTEGRATION_FAILURE : HTTP_INTERNAL_SERVER_ERROR;
  }

  /** Lambda refused the invocation before the function ran. */
  static GatewayError invokeRejected(ApiType type, InvokeException e) {
    if (e.status() == 413) {
      return REQUEST_TOO_LARGE;
    }
    return type == ApiType.REST ? REST_INVOKE_REJECTED : HTTP_INTERNAL_SERVER_ERROR;
  }

  /** Anything else that went wrong inside the front or the invoker. */
  static GatewayError internal(ApiType type) {
    return type == ApiType.REST ? REST_INVOKE_REJECTED : HTTP_INTERNAL_SERVER_ERROR;
  }

  static GatewayError timedOut(ApiType type) {
    return type == ApiType.REST ? REST_TIMEOUT : HTTP_TIMEOUT;
  }

  int status() {
    return status;
  }

  String message() {
    return message;
  }

  /** {@code {"message":"Not Found"}}. */
  byte[] body() {
    return ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
