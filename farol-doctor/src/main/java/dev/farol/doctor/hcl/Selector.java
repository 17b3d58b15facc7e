package dev.farol.doctor.hcl;

/**
 * A step of a traversal with its index key evaluated: what a {@link Scope} receives for the steps of a
 * {@link Expr.Reference}, and what {@link Values#traverse} applies.
 */
public sealed interface Selector {

  /** {@code .name}. */
  record Attr(String name) implements Selector {
  }

  /** {@code [key]}; the key may be unknown. */
  record Key(Value key) implements Selector {
  }
}
