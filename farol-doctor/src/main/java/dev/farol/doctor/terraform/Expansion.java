package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.Attribute;
import dev.farol.doctor.hcl.Block;
import dev.farol.doctor.hcl.ConfigFile;
import dev.farol.doctor.hcl.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instances a resource or module block stands for: one per {@code for_each} key (with
 * {@code each.key} and {@code each.value}), one per {@code count} index, or one. A {@code for_each} or
 * {@code count} that cannot be known gives one instance whose {@code each} is unknown, named {@code [*]}.
 */
final class Expansion {
  static final int MAX_INSTANCES = 500;

  /** One instance: its scope and its address. */
  record Instance(TfScope scope, String address) {}

  private Expansion() {}

  static List<Instance> of(Block block, ConfigFile file, TfScope scope, String address) {
    Optional<Attribute> forEach = block.body().attribute("for_each");
    Optional<Attribute> count = block.body().attribute("count");
    List<Instance> out = new ArrayList<>();
    if (forEach.isPresent()) {
      Value v = TfInstance.eval(forEach.get().expr(), scope, file);
      Origins.MapOrigins origins = Origins.map(Origin.of(file, forEach.get().expr(), address + ".for_each", scope));
      if (v instanceof Value.MapV m && !m.open()) {
        for (Map.Entry<String, Value> e : m.entries().entrySet()) {
          if (out.size() < MAX_INSTANCES) {
            out.add(new Instance(scope.withEach(Value.of(e.getKey()), e.getValue(), origins.entries().get(e.getKey())),
                address + "[\"" + e.getKey() + "\"]"));
          }
        }
        return out;
      }
      if (v instanceof Value.ListV l && !l.open() && l.items().stream().allMatch(i -> i.asString().isPresent())) {
        for (Value item : l.items()) {
          if (out.size() < MAX_INSTANCES) {
            out.add(new Instance(scope.withEach(item, item, null), address + "[\"" + item.asString().get() + "\"]"));
          }
        }
        return out;
      }
      String text = file.text(forEach.get().expr().range());
      out.add(new Instance(scope.withEach(new Value.Unknown("each.key of " + text, null),
          new Value.Unknown("each.value of " + text, null), null), address + "[*]"));
      return out;
    }
    if (count.isPresent()) {
      Value v = TfInstance.eval(count.get().expr(), scope, file);
      if (v instanceof Value.Num n && n.value().compareTo(BigDecimal.ZERO) >= 0) {
        int c = Math.min(MAX_INSTANCES, n.value().intValue());
        for (int i = 0; i < c; i++) {
          out.add(new Instance(scope.withCount(Value.of(i)), address + "[" + i + "]"));
        }
        return out;
      }
      if (v instanceof Value.Bool b) {
        return b.value() ? List.of(new Instance(scope.withCount(Value.of(0)), address + "[0]")) : List.of();
      }
      out.add(new Instance(scope.withCount(new Value.Unknown("count.index", null)), address + "[*]"));
      return out;
    }
    return List.of(new Instance(scope, address));
  }
}
