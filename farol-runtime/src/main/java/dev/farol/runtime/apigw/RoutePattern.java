package dev.farol.runtime.apigw;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route path such as {@code /installments/{id}} or {@code /files/{proxy+}}, matched segment by
 * segment against a request path.
 *
 * <p>Specificity follows API Gateway: at the first segment where two patterns differ, a literal
 * beats a {@code {param}}, which beats a greedy {@code {name+}}. So for {@code /pets/dog/1} the
 * order is {@code /pets/dog/1}, {@code /pets/dog/{id}}, {@code /pets/{proxy+}}, {@code
 * /{proxy+}}.
 */
final class RoutePattern {
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private enum Kind {
    // declaration order is specificity order, lowest first
    GREEDY,
    PARAM,
    LITERAL
  }

  private final String path;
  private final Kind[] kinds;
  private final String[] texts; // literal text, or parameter name

  private RoutePattern(String path, Kind[] kinds, String[] texts) {
    this.path = path;
    this.kinds = kinds;
    this.texts = texts;
  }

  /**
   * Parses a route path.
   *
   * @throws IllegalArgumentException naming the path and what is wrong with it
   */
  static RoutePattern parse(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(
          "route path '" + path + "' must start with '/' (or be $default for an HTTP API)");
    }
    List<String> segments = segments(path);
    Kind[] kinds = new Kind[segments.size()];
    String[] texts = new String[segments.size()];
    Set<String> names = new HashSet<>();
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (segment.startsWith("{") && segment.endsWith("}")) {
        String name = segment.substring(1, segment.length() - 1);
        kinds[i] = Kind.PARAM;
        if (name.endsWith("+")) {
          name = name.substring(0, name.length() - 1);
          kinds[i] = Kind.GREEDY;
          if (i != segments.size() - 1) {
            throw new IllegalArgumentException(
                "route path '" + path + "': greedy parameter {" + name + "+} must be the last segment");
          }
        }
        if (!PARAM_NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "route path '" + path + "': parameter name '" + name + "' must match " + PARAM_NAME);
        }
        if (!names.add(name)) {
          throw new IllegalArgumentException(
              "route path '" + path + "': parameter {" + name + "} appears twice");
        }
        texts[i] = name;
      } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
        throw new IllegalArgumentException(
            "route path '" + path + "': a parameter must fill a whole segment, got '" + segment + "'");
      } else {
        kinds[i] = Kind.LITERAL;
        texts[i] = segment;
      }
    }
    return new RoutePattern(path, kinds, texts);
  }

  /**
   * Splits a path into segments: {@code /} is none, a trailing slash is ignored, so {@code
   * /pets/} and {@code /pets} are the same resource.
   */
  static List<String> segments(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    List<String> result = new ArrayList<>();
    if (trimmed.isEmpty()) {
      return result;
    }
    int start = 0;
    for (int i = 0; i <= trimmed.length(); i++) {
      if (i == trimmed.length() || trimmed.charAt(i) == '/') {
        result.add(trimmed.substring(start, i));
        start = i + 1;
      }
    }
    return result;
  }

  String path() {
    return path;
  }

  /**
   * Matches the raw (still percent-encoded) segments of a request path.
   *
   * @return parameter name to raw value (a greedy value joins its segments with {@code /}), or
   *     {@code null} when the path does not match
   */
  Map<String, String> match(List<String> rawSegments) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == Kind.GREEDY) {
        if (i >= rawSegments.size()) {
          return null; // a greedy parameter needs at least one segment
        }
        params.put(texts[i], String.join("/", rawSegments.subList(i, rawSegments.size())));
        return params;
      }
      if (i >= rawSegments.size()) {
        return null;
      }
      String segment = rawSegments.get(i);
      if (kinds[i] == Kind.LITERAL) {
        if (!texts[i].equals(PercentDecoder.decodePath(segment))) {
          return null;
        }
      } else {
        if (segment.isEmpty()) {
          return null;
        }
        params.put(texts[i], segment);
      }
    }
    return rawSegments.size() == kinds.length ? params : null;
  }

  /** Positive when this pattern is more specific than {@code other}, as API Gateway ranks them. */
  int compareSpecificity(RoutePattern other) {
    int common = Math.min(kinds.length, other.kinds.length);
    for (int i = 0; i < common; i++) {
      int diff = kinds[i].compareTo(other.kinds[i]);
      if (diff != 0) {
        return diff;
      }
    }
    return Integer.compare(kinds.length, other.kinds.length);
  }

  @Override
  public String toString() {
    return path;
  }
}
