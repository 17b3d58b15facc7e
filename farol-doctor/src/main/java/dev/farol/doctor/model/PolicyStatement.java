package dev.farol.doctor.model;

import java.util.List;

/**
 * One statement of an IAM policy attached to a function's role, as the files give it. Actions and
 * resources may hold wildcards ({@code secretsmanager:*}, {@code *}).
 */
public record PolicyStatement(String effect, List<String> actions, List<String> resources, Site site) {

  public PolicyStatement {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
  }

  /** Whether this statement allows {@code action} on {@code resource} (IAM's wildcards {@code *} and {@code ?}). */
  public boolean allows(String action, String resource) {
    return "Allow".equalsIgnoreCase(effect) && actions.stream().anyMatch(a -> matches(a, action))
        && resources.stream().anyMatch(r -> matches(r, resource));
  }

  /** Whether this statement denies {@code action} on {@code resource}. */
  public boolean denies(String action, String resource) {
    return "Deny".equalsIgnoreCase(effect) && actions.stream().anyMatch(a -> matches(a, action))
        && resources.stream().anyMatch(r -> matches(r, resource));
  }

  static boolean matches(String pattern, String value) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else {
        re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return java.util.regex.Pattern.compile(re.toString(), java.util.regex.Pattern.CASE_INSENSITIVE)
        .matcher(value).matches();
  }
}
