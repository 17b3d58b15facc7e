package dev.farol.runtime.env;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function as callers name it in the Invoke API: {@code name}, {@code name:qualifier}, a partial
 * ARN {@code 123456789012:function:name} or a full ARN, each with an optional qualifier.
 */
record FunctionRef(String name, String qualifier) {
  private static final Pattern FORM = Pattern.compile(
      "(?:arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(?:-gov)?-[a-z]+-\\d:)?(?:\\d{12}:)?(?:function:)?"
          + "([a-zA-Z0-9_.-]+)(?::(\\$LATEST|[a-zA-Z0-9_-]+))?");

  /** Parses the reference, or returns {@code null} when it matches none of AWS's forms. */
  static FunctionRef parse(String raw, String region, String account) {
    Matcher m = FORM.matcher(raw);
    if (!m.matches()) {
      return null;
    }
    return new FunctionRef(m.group(1), m.group(2));
  }
}
