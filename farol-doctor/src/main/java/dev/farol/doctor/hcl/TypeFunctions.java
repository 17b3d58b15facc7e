package dev.farol.doctor.hcl;

import static dev.farol.doctor.hcl.Functions.lenient;
import static dev.farol.doctor.hcl.Functions.strict;

import java.util.Map;

/**
 * Type conversion functions. {@code tolist} and {@code tomap} pass a list or map through as it is, unknown
 * items and openness included; {@code tostring}, {@code tonumber}, {@code tobool} and {@code toset} are
 * strict. Null converts to null.
 */
final class TypeFunctions {

  private TypeFunctions() {
  }

  static void register(Map<String, Functions.Def> lib) {
    lenient(lib, "tolist", 1, 1, a -> {
      Value v = a.get(0);
      if (v instanceof Value.Unknown) {
        return a.unknown();
      }
      return v instanceof Value.Null ? v : a.list(0);
    });
    lenient(lib, "tomap", 1, 1, a -> {
      Value v = a.get(0);
      if (v instanceof Value.Unknown) {
        return a.unknown();
      }
      return v instanceof Value.Null ? v : a.map(0);
    });
    strict(lib, "toset", 1, 1, a -> a.get(0) instanceof Value.Null ? Value.NULL
        : CollectionFunctions.set(a.list(0).items()));
    strict(lib, "tostring", 1, 1, a -> a.get(0) instanceof Value.Null ? Value.NULL : Value.of(a.string(0)));
    strict(lib, "tonumber", 1, 1, a -> a.get(0) instanceof Value.Null ? Value.NULL : new Value.Num(a.number(0)));
    strict(lib, "tobool", 1, 1, a -> a.get(0) instanceof Value.Null ? Value.NULL : Value.of(a.bool(0)));
    strict(lib, "sensitive", 1, 1, a -> a.get(0));
    strict(lib, "nonsensitive", 1, 1, a -> a.get(0));
  }
}
