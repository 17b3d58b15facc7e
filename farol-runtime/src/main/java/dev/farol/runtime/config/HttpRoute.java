package dev.farol.runtime.config;

import java.util.Objects;

/**
 * An API Gateway route in front of a function.
 *
 * @param method HTTP method in upper case, or {@code ANY}
 * @param path route path with API Gateway parameters, e.g. {@code /installments/{id}} or {@code /{proxy+}}
 * @param format which event the function receives: REST API (payload 1.0) or HTTP API (1.0 or 2.0)
 * @param stage stage name put in the request context ({@code Prod} for SAM REST APIs, {@code $default} for HTTP APIs)
 */
public record HttpRoute(String method, String path, PayloadFormat format, String stage) {

  /** Which API Gateway event shape the function receives. */
  public enum PayloadFormat {
    /** REST API proxy integration (payload format 1.0). */
    REST_V1,
    /** HTTP API with payload format 1.0. */
    HTTP_V1,
    /** HTTP API with payload format 2.0. */
    HTTP_V2
  }

  public HttpRoute {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(format, "format == null");
    Objects.requireNonNull(stage, "stage == null");
  }
}
