package dev.farol.runtime.apigw;

import dev.farol.runtime.config.HttpRoute;
import java.util.Objects;

/**
 * One API Gateway route and the function behind it.
 *
 * @param functionName the function to invoke, as {@link dev.farol.runtime.invoke.InvokeRequest}
 *     takes it
 * @param route method, path, payload format and stage of the route
 */
public record RouteBinding(String functionName, HttpRoute route) {

  public RouteBinding {
    Objects.requireNonNull(functionName, "functionName == null");
    Objects.requireNonNull(route, "route == null");
    if (functionName.isBlank()) {
      throw new IllegalArgumentException(
          "route " + route.method() + " " + route.path() + ": functionName must not be blank");
    }
  }
}
