package dev.farol.doctor.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function's environment variables as the files give them.
 *
 * @param vars by name, in the order written; values may be symbolic
 * @param open other variables may be set that the files do not show (merged from a value that cannot be
 *     known), or the listed ones overridden: a variable's absence is then not certain
 * @param openBecause the expression that makes it open, or {@code null}
 * @param site where the variables are written (a map literal, a {@code Variables:} mapping); where a new
 *     one would go when there are none
 */
public record Env(Map<String, Val> vars, boolean open, String openBecause, Site site) {

  public Env {
    vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
  }

  public static Env none(Site site) {
    return new Env(Map.of(), false, null, site);
  }

  /** The variable, or an absent value placed where the variables are. */
  public Val get(String name) {
    Val v = vars.get(name);
    return v != null ? v : Val.absent(site);
  }

  /** Set (to a known or symbolic value). */
  public boolean has(String name) {
    return vars.containsKey(name);
  }

  /** Certainly not set: not listed, and nothing unknown merged in. */
  public boolean surelyMissing(String name) {
    return !vars.containsKey(name) && !open;
  }

  /** Set to a known value, compared ignoring case (as the tools read booleans). */
  public boolean is(String name, String value) {
    return get(name).is(value);
  }

  /** A copy with {@code name} set. */
  public Env with(String name, Val value) {
    Map<String, Val> m = new LinkedHashMap<>(vars);
    m.put(name, value);
    return new Env(m, open, openBecause, site);
  }

  /** A copy with the variables of {@code other} laid over these. */
  public Env overlaidWith(Env other) {
    Map<String, Val> m = new LinkedHashMap<>(vars);
    m.putAll(other.vars);
    boolean o = open || other.open;
    return new Env(m, o, other.open ? other.openBecause : openBecause, other.vars.isEmpty() ? site : other.site);
  }
}
