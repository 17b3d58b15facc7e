package dev.farol.doctor.model;

import java.util.List;

/**
 * The permissions of a function's role as far as the files show them.
 *
 * @param complete every policy of the role is in the files (a role defined there, with inline or attached
 *     policies that are); when not, a missing permission cannot be concluded
 * @param site the role, where a statement would be added
 */
public record Policies(List<PolicyStatement> statements, boolean complete, Site site) {

  public Policies {
    statements = List.copyOf(statements);
  }

  /** Nothing is known of the role. */
  public static Policies unknown() {
    return new Policies(List.of(), false, null);
  }

  /** Whether the role may do {@code action} on {@code resource}: an allow and no deny. */
  public boolean allows(String action, String resource) {
    return statements.stream().anyMatch(s -> s.allows(action, resource))
        && statements.stream().noneMatch(s -> s.denies(action, resource));
  }
}
