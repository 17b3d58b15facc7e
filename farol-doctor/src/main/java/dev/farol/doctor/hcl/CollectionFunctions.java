package dev.farol.doctor.hcl;

import static dev.farol.doctor.hcl.Functions.lenient;
import static dev.farol.doctor.hcl.Functions.strict;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collection and number functions. Most are strict; these keep what is known:
 * <ul>
 *   <li>{@code merge}: an unknown argument makes the result an open map holding the known entries (null
 *       arguments are skipped, as in Terraform); so does an open map argument.</li>
 *   <li>{@code concat}: an unknown argument makes the result an open list of the known items.</li>
 *   <li>{@code compact}: unknown items are kept where they are (they may turn out empty); an open list
 *       stays open.</li>
 *   <li>{@code lookup}: a key present in the map gives its value even when the map is open; a key missing
 *       from an open map gives an unknown.</li>
 *   <li>{@code coalesce} and {@code coalescelist}: the first usable argument before any unknown one is the
 *       result ({@code coalesce("a", unknown)} is "a").</li>
 *   <li>{@code length}, {@code keys}, {@code values}, {@code one}: known for a closed list or map even when
 *       its items are unknown.</li>
 *   <li>{@code element}: known for a closed list; {@code contains}: true as soon as a known item matches,
 *       false only when every item is known.</li>
 * </ul>
 * Sets ({@code toset}, {@code setunion}, {@code distinct}...) are lists without duplicates; sets of strings
 * or of numbers are sorted, as Terraform orders them.
 */
final class CollectionFunctions {

  private static final int MAX_RANGE = 1024;

  private CollectionFunctions() {
  }

  static void register(Map<String, Functions.Def> lib) {
    lenient(lib, "merge", 0, -1, CollectionFunctions::merge);
    lenient(lib, "concat", 0, -1, CollectionFunctions::concat);
    lenient(lib, "compact", 1, 1, a -> {
      if (a.get(0) instanceof Value.Unknown) {
        return a.unknown();
      }
      Value.ListV l = a.list(0);
      return new Value.ListV(l.items().stream()
          .filter(v -> !(v instanceof Value.Null) && !(v instanceof Value.Str s && s.value().isEmpty())).toList(),
          l.open());
    });
    lenient(lib, "lookup", 2, 3, CollectionFunctions::lookup);
    lenient(lib, "coalesce", 1, -1, a -> {
      for (Value v : a.all()) {
        if (v instanceof Value.Unknown) {
          return a.unknown();
        }
        if (!(v instanceof Value.Null) && !(v instanceof Value.Str s && s.value().isEmpty())) {
          return v;
        }
      }
      throw a.fail("all the arguments are null or empty strings");
    });
    lenient(lib, "coalescelist", 1, -1, a -> {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) instanceof Value.Unknown) {
          return a.unknown();
        }
        Value.ListV l = a.list(i);
        if (!l.items().isEmpty()) {
          return l;
        }
        if (l.open()) {
          return a.unknown();
        }
      }
      throw a.fail("all the lists are empty");
    });
    lenient(lib, "length", 1, 1, a -> {
      Value v = a.get(0);
      if (v instanceof Value.Str s) {
        return Value.of(s.value().codePointCount(0, s.value().length()));
      }
      if (v instanceof Value.ListV l) {
        return l.open() ? a.unknown() : Value.of(l.items().size());
      }
      if (v instanceof Value.MapV m) {
        return m.open() ? a.unknown() : Value.of(m.entries().size());
      }
      if (v instanceof Value.Unknown) {
        return a.unknown();
      }
      throw a.wrong(0, "a string, a list or a map");
    });
    lenient(lib, "element", 2, 2, a -> {
      if (a.get(0) instanceof Value.Unknown || a.get(1) instanceof Value.Unknown) {
        return a.unknown();
      }
      Value.ListV l = a.list(0);
      int index = a.integer(1);
      if (index < 0) {
        throw a.error(1, "must not be negative, found " + index);
      }
      if (l.open()) {
        return a.unknown();
      }
      if (l.items().isEmpty()) {
        throw a.error(0, "must not be an empty list");
      }
      return l.items().get(index % l.items().size());
    });
    lenient(lib, "contains", 2, 2, a -> {
      if (a.get(0) instanceof Value.Unknown || !a.get(1).known()) {
        return a.unknown();
      }
      Value.ListV l = a.list(0);
      if (l.items().stream().anyMatch(v -> v.known() && v.equals(a.get(1)))) {
        return Value.of(true);
      }
      return l.known() ? Value.of(false) : a.unknown();
    });
    lenient(lib, "keys", 1, 1, a -> sorted(a).map(m -> Value.list(m.keySet().stream().map(Value::of).toList()))
        .orElseGet(a::unknown));
    lenient(lib, "values", 1, 1, a -> sorted(a).map(m -> Value.list(new ArrayList<>(m.values())))
        .orElseGet(a::unknown));
    lenient(lib, "one", 1, 1, a -> {
      if (a.get(0) instanceof Value.Unknown || a.list(0).open()) {
        return a.unknown();
      }
      List<Value> items = a.list(0).items();
      if (items.size() > 1) {
        throw a.error(0, "must have at most one item, found " + items.size());
      }
      return items.isEmpty() ? Value.NULL : items.get(0);
    });
    strict(lib, "distinct", 1, 1, a -> Value.list(new ArrayList<>(new LinkedHashSet<>(a.list(0).items()))));
    strict(lib, "flatten", 1, 1, a -> Value.list(flatten(a.list(0).items(), new ArrayList<>())));
    strict(lib, "reverse", 1, 1, a -> {
      List<Value> items = new ArrayList<>(a.list(0).items());
      java.util.Collections.reverse(items);
      return Value.list(items);
    });
    strict(lib, "sort", 1, 1, a -> {
      List<String> items = new ArrayList<>();
      for (Value v : a.list(0).items()) {
        items.add(v.asString().orElseThrow(() -> a.error(0, "must hold strings, found " + Values.describe(v))));
      }
      items.sort(Comparator.naturalOrder());
      return Value.list(items.stream().map(Value::of).toList());
    });
    strict(lib, "zipmap", 2, 2, a -> {
      List<Value> keys = a.list(0).items();
      List<Value> vals = a.list(1).items();
      if (keys.size() != vals.size()) {
        throw a.fail("the two lists differ in length (" + keys.size() + " keys, " + vals.size() + " values)");
      }
      Map<String, Value> out = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        Value k = keys.get(i);
        out.put(k.asString().orElseThrow(() -> a.error(0, "must hold strings, found " + Values.describe(k))),
            vals.get(i));
      }
      return Value.map(out);
    });
    strict(lib, "slice", 3, 3, a -> {
      List<Value> items = a.list(0).items();
      int from = a.integer(1);
      int to = a.integer(2);
      if (from < 0 || from > items.size()) {
        throw a.error(1, "must be from 0 to " + items.size() + ", found " + from);
      }
      if (to < from || to > items.size()) {
        throw a.error(2, "must be from " + from + " to " + items.size() + ", found " + to);
      }
      return Value.list(items.subList(from, to));
    });
    strict(lib, "index", 2, 2, a -> {
      int i = a.list(0).items().indexOf(a.get(1));
      if (i < 0) {
        throw a.fail("the list has no item " + Value.show(a.get(1)));
      }
      return Value.of(i);
    });
    strict(lib, "chunklist", 2, 2, a -> {
      List<Value> items = a.list(0).items();
      int size = a.integer(1);
      if (size < 0) {
        throw a.error(1, "must not be negative, found " + size);
      }
      List<Value> out = new ArrayList<>();
      for (int i = 0; size > 0 && i < items.size(); i += size) {
        out.add(Value.list(items.subList(i, Math.min(items.size(), i + size))));
      }
      return Value.list(size == 0 ? List.of(Value.list(items)) : out);
    });
    strict(lib, "setunion", 1, -1, a -> {
      List<Value> all = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        all.addAll(a.list(i).items());
      }
      return set(all);
    });
    strict(lib, "setintersection", 1, -1, a -> {
      List<Value> out = new ArrayList<>(a.list(0).items());
      for (int i = 1; i < a.size(); i++) {
        out.retainAll(a.list(i).items());
      }
      return set(out);
    });
    strict(lib, "setsubtract", 2, 2, a -> {
      List<Value> out = new ArrayList<>(a.list(0).items());
      out.removeAll(a.list(1).items());
      return set(out);
    });
    strict(lib, "alltrue", 1, 1, a -> Value.of(bools(a).stream().allMatch(b -> b)));
    strict(lib, "anytrue", 1, 1, a -> Value.of(bools(a).stream().anyMatch(b -> b)));
    strict(lib, "range", 1, 3, CollectionFunctions::range);
    strict(lib, "max", 1, -1, a -> new Value.Num(numbers(a).stream().max(Comparator.naturalOrder()).orElseThrow()));
    strict(lib, "min", 1, -1, a -> new Value.Num(numbers(a).stream().min(Comparator.naturalOrder()).orElseThrow()));
    strict(lib, "sum", 1, 1, a -> {
      List<Value> items = a.list(0).items();
      if (items.isEmpty()) {
        throw a.error(0, "must not be an empty list");
      }
      BigDecimal total = BigDecimal.ZERO;
      for (Value v : items) {
        total = total.add(Values.toNumber(v).orElseThrow(() ->
            a.error(0, "must hold numbers, found " + Values.describe(v))));
      }
      return new Value.Num(total);
    });
    strict(lib, "abs", 1, 1, a -> new Value.Num(a.number(0).abs()));
    strict(lib, "ceil", 1, 1, a -> new Value.Num(a.number(0).setScale(0, RoundingMode.CEILING)));
    strict(lib, "floor", 1, 1, a -> new Value.Num(a.number(0).setScale(0, RoundingMode.FLOOR)));
    strict(lib, "signum", 1, 1, a -> Value.of(a.number(0).signum()));
    strict(lib, "pow", 2, 2, a -> new Value.Num(BigDecimal.valueOf(Math.pow(a.number(0).doubleValue(),
        a.number(1).doubleValue()))));
    strict(lib, "parseint", 2, 2, a -> {
      int base = a.integer(1);
      if (base < 2 || base > 62) {
        throw a.error(1, "must be from 2 to 62, found " + base);
      }
      try {
        return new Value.Num(new BigDecimal(new java.math.BigInteger(a.string(0), base)));
      } catch (NumberFormatException e) {
        throw a.error(0, "is not a number in base " + base + ": " + SyntaxMessages.quote(a.string(0)));
      }
    });
  }

  private static Value merge(Args a) {
    Map<String, Value> out = new LinkedHashMap<>();
    boolean open = false;
    for (int i = 0; i < a.size(); i++) {
      Value v = a.get(i);
      if (v instanceof Value.Unknown) {
        open = true;
      } else if (v instanceof Value.MapV m) {
        out.putAll(m.entries());
        open |= m.open();
      } else if (!(v instanceof Value.Null)) {
        throw a.wrong(i, "a map or an object");
      }
    }
    return new Value.MapV(out, open);
  }

  private static Value concat(Args a) {
    List<Value> out = new ArrayList<>();
    boolean open = false;
    for (int i = 0; i < a.size(); i++) {
      Value v = a.get(i);
      if (v instanceof Value.Unknown) {
        open = true;
      } else {
        Value.ListV l = a.list(i);
        out.addAll(l.items());
        open |= l.open();
      }
    }
    return new Value.ListV(out, open);
  }

  private static Value lookup(Args a) {
    if (a.get(0) instanceof Value.Unknown || a.get(1) instanceof Value.Unknown) {
      return a.unknown();
    }
    Value.MapV map = a.map(0);
    String key = a.string(1);
    Value v = map.entries().get(key);
    if (v != null) {
      return v;
    }
    if (map.open()) {
      return a.unknown();
    }
    if (a.size() == 3) {
      return a.get(2);
    }
    throw a.fail("the map has no key " + SyntaxMessages.quote(key) + " and no default was given");
  }

  /** The entries of a closed map argument, sorted by key; empty when unknown or open. */
  private static java.util.Optional<Map<String, Value>> sorted(Args a) {
    if (a.get(0) instanceof Value.Unknown || a.map(0).open()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new TreeMap<>(a.map(0).entries()));
  }

  private static List<Value> flatten(List<Value> items, List<Value> out) {
    for (Value v : items) {
      if (v instanceof Value.ListV l) {
        flatten(l.items(), out);
      } else {
        out.add(v);
      }
    }
    return out;
  }

  /** A set: no duplicates; sorted when all items are strings, or all numbers. */
  static Value set(List<Value> items) {
    List<Value> out = new ArrayList<>(new LinkedHashSet<>(items));
    if (!out.isEmpty() && out.stream().allMatch(v -> v instanceof Value.Str)) {
      out.sort(Comparator.comparing(v -> ((Value.Str) v).value()));
    } else if (!out.isEmpty() && out.stream().allMatch(v -> v instanceof Value.Num)) {
      out.sort(Comparator.comparing(v -> ((Value.Num) v).value()));
    }
    return Value.list(out);
  }

  private static List<Boolean> bools(Args a) {
    List<Boolean> out = new ArrayList<>();
    for (Value v : a.list(0).items()) {
      out.add(Values.toBool(v).orElseThrow(() -> a.error(0, "must hold bools, found " + Values.describe(v))));
    }
    return out;
  }

  /** max() and min() take numbers, or one list of them expanded with "...". */
  private static List<BigDecimal> numbers(Args a) {
    List<BigDecimal> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(a.number(i));
    }
    return out;
  }

  private static Value range(Args a) {
    BigDecimal start = a.size() == 1 ? BigDecimal.ZERO : a.number(0);
    BigDecimal limit = a.size() == 1 ? a.number(0) : a.number(1);
    BigDecimal step = a.size() == 3 ? a.number(2) : BigDecimal.valueOf(start.compareTo(limit) <= 0 ? 1 : -1);
    if (step.signum() == 0) {
      throw a.error(2, "must not be zero");
    }
    if (step.signum() > 0 && start.compareTo(limit) > 0 || step.signum() < 0 && start.compareTo(limit) < 0) {
      throw a.fail("the step " + Values.format(step) + " never reaches " + Values.format(limit)
          + " from " + Values.format(start));
    }
    List<Value> out = new ArrayList<>();
    for (BigDecimal n = start; step.signum() > 0 ? n.compareTo(limit) < 0 : n.compareTo(limit) > 0; n = n.add(step)) {
      if (out.size() == MAX_RANGE) {
        throw a.fail("would make more than " + MAX_RANGE + " numbers");
      }
      out.add(new Value.Num(n));
    }
    return Value.list(out);
  }
}
