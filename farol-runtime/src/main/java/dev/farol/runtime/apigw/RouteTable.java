package dev.farol.runtime.apigw;

import dev.farol.runtime.config.HttpRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the route for a request the way API Gateway does.
 *
 * <ol>
 *   <li>Among routes whose path matches, the most specific path wins ({@link RoutePattern}).
 *   <li>On the same path, an exact method beats {@code ANY}.
 *   <li>An HTTP API considers only routes whose method matches: {@code PATCH /pets/dog/1} with
 *       routes {@code GET /pets/dog/{id}} and {@code ANY /pets/{proxy+}} goes to the latter. A REST
 *       API picks the resource first, so the same request gets 403 there (the resource has no
 *       {@code PATCH} method).
 *   <li>An HTTP API's {@code $default} route catches what nothing else matched.
 * </ol>
 *
 * <p>See <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html">
 * Routing API requests</a>.
 */
final class RouteTable {
  static final String DEFAULT_ROUTE = "$default";

  /** A chosen route and its path parameters, still percent-encoded. */
  record Match(RouteBinding binding, Map<String, String> rawPathParameters) {
    HttpRoute route() {
      return binding.route();
    }

    ApiType apiType() {
      return ApiType.of(route().format());
    }

    boolean isDefaultRoute() {
      return DEFAULT_ROUTE.equals(route().path());
    }

    /** {@code GET /installments/{id}}, or {@code $default}. */
    String routeKey() {
      return isDefaultRoute() ? DEFAULT_ROUTE : route().method() + " " + route().path();
    }
  }

  private record Entry(RouteBinding binding, String method, RoutePattern pattern) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Entry> defaults = new ArrayList<>();
  private final ApiType unmatchedType;

  /**
   * @throws IllegalArgumentException for an invalid path or method, or two routes with the same
   *     API type, method and path
   */
  RouteTable(List<RouteBinding> bindings) {
    Map<String, RouteBinding> seen = new HashMap<>();
    boolean anyRest = false;
    for (RouteBinding binding : bindings) {
      HttpRoute route = binding.route();
      ApiType type = ApiType.of(route.format());
      anyRest |= type == ApiType.REST;
      String method = route.method().toUpperCase(Locale.ROOT);
      if (!method.equals(route.method()) || !method.matches("[A-Z]+")) {
        throw new IllegalArgumentException(
            "route " + route.method() + " " + route.path() + " of function " + binding.functionName()
                + ": method must be an upper-case HTTP method or ANY");
      }
      String key = type + " " + method + " " + route.path().replaceAll("(.)/$", "$1");
      RouteBinding previous = seen.putIfAbsent(key, binding);
      if (previous != null) {
        throw new IllegalArgumentException(
            "route " + method + " " + route.path() + " is bound twice, to functions "
                + previous.functionName() + " and " + binding.functionName());
      }
      if (DEFAULT_ROUTE.equals(route.path())) {
        if (type == ApiType.REST) {
          throw new IllegalArgumentException(
              "route " + method + " $default of function " + binding.functionName()
                  + ": $default exists only in HTTP APIs; use /{proxy+} for a REST API");
        }
        defaults.add(new Entry(binding, method, null));
      } else {
        entries.add(new Entry(binding, method, RoutePattern.parse(route.path())));
      }
    }
    this.unmatchedType = anyRest ? ApiType.REST : ApiType.HTTP;
  }

  /**
   * Which API answers when no route matches: REST (403 Missing Authentication Token) when any
   * REST route is served, else HTTP (404 Not Found).
   */
  ApiType unmatchedType() {
    return unmatchedType;
  }

  /** The route for a request, or {@code null} when none matches. */
  Match match(String method, String rawPath) {
    List<String> segments = RoutePattern.segments(rawPath);
    Entry best = null;
    Map<String, String> bestParams = null;
    int bestRank = -1;
    for (Entry entry : entries) {
      int rank = methodRank(entry.method, method);
      boolean rest = ApiType.of(entry.binding.route().format()) == ApiType.REST;
      if (rank == 0 && !rest) {
        continue; // HTTP APIs route on method and path together
      }
      Map<String, String> params = entry.pattern.match(segments);
      if (params == null) {
        continue;
      }
      int specificity = best == null ? 1 : entry.pattern.compareSpecificity(best.pattern);
      if (specificity > 0 || (specificity == 0 && rank > bestRank)) {
        best = entry;
        bestParams = params;
        bestRank = rank;
      }
    }
    if (best != null && bestRank > 0) {
      return new Match(best.binding, bestParams);
    }
    if (best != null) {
      return null; // a REST resource matched but has no such method
    }
    for (Entry entry : defaults) {
      if (methodRank(entry.method, method) > 0) {
        return new Match(entry.binding, Map.of());
      }
    }
    return null;
  }

  /** 2 for the same method, 1 for {@code ANY}, 0 for another method. */
  private static int methodRank(String routeMethod, String requestMethod) {
    if (routeMethod.equals(requestMethod)) {
      return 2;
    }
    return routeMethod.equals("ANY") ? 1 : 0;
  }
}
