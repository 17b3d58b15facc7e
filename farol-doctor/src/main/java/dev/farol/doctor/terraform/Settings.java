package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.ConfigFile;
import dev.farol.doctor.hcl.Expr;
import dev.farol.doctor.hcl.Value;
import dev.farol.doctor.model.Env;
import dev.farol.doctor.model.Layers;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.Val;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the expressions of a function's settings into the doctor's values: evaluated as far as the files
 * tell, each placed where it is written ({@link Origins}).
 */
final class Settings {
  private final Function<Path, String> shown;
  private final TfScope scope;
  private final ConfigFile file;

  Settings(Function<Path, String> shown, TfScope scope, ConfigFile file) {
    this.shown = shown;
    this.scope = scope;
    this.file = file;
  }

  Value value(Expr e) {
    return TfInstance.eval(e, scope, file);
  }

  /** A single setting written as {@code e} (named {@code path}); absent, placed at {@code insertion}, when null. */
  Val scalar(Expr e, String path, Site insertion) {
    if (e == null) {
      return Val.absent(insertion);
    }
    Origin o = Origins.trace(Origin.of(file, e, path, scope));
    return val(value(e), o.site(shown));
  }

  /** The first item of a list setting ({@code architectures}). */
  Val first(Expr e, String path, Site insertion) {
    if (e == null) {
      return Val.absent(insertion);
    }
    Value v = value(e);
    List<Origin> items = Origins.list(Origin.of(file, e, path, scope), v);
    Site site = items != null && !items.isEmpty() ? items.get(0).site(shown)
        : Origins.trace(Origin.of(file, e, path, scope)).site(shown);
    if (v instanceof Value.ListV l && !l.items().isEmpty()) {
      return val(l.items().get(0), site);
    }
    return val(v, site);
  }

  Env env(Expr e, String path, Site insertion) {
    if (e == null) {
      return Env.none(insertion);
    }
    Value v = value(e);
    Origins.MapOrigins origins = Origins.map(Origin.of(file, e, path, scope));
    Site site = origins.insertInto() != null ? origins.insertInto().site(shown) : insertion;
    if (!(v instanceof Value.MapV m)) {
      if (v == Value.NULL) {
        return Env.none(insertion);
      }
      return new Env(Map.of(), true, file.text(e.range()), site);
    }
    Map<String, Val> vars = new LinkedHashMap<>();
    for (Map.Entry<String, Value> entry : m.entries().entrySet()) {
      Origin o = origins.entries().get(entry.getKey());
      Val val = val(entry.getValue(), o != null ? o.site(shown) : site);
      if (!val.absent()) {
        vars.put(entry.getKey(), val);
      }
    }
    return new Env(vars, m.open(), m.open() ? file.text(e.range()) : null, site);
  }

  Layers layers(Expr e, String path, Site insertion) {
    if (e == null) {
      return Layers.none(insertion);
    }
    Value v = value(e);
    Origin whole = Origins.trace(Origin.of(file, e, path, scope));
    List<Origin> origins = Origins.list(Origin.of(file, e, path, scope), v);
    Site site = whole.site(shown);
    if (!(v instanceof Value.ListV l)) {
      return v == Value.NULL ? Layers.none(insertion) : new Layers(List.of(), true, file.text(e.range()), site);
    }
    List<Val> items = new ArrayList<>();
    boolean aligned = origins != null && origins.size() == l.items().size();
    for (int i = 0; i < l.items().size(); i++) {
      Val item = val(l.items().get(i), aligned ? origins.get(i).site(shown) : site);
      if (!item.absent()) {
        items.add(item);
      }
    }
    Site listSite = origins != null && whole.expr() instanceof Expr.Tuple ? site : site.as(Site.Kind.EXPRESSION);
    return new Layers(items, l.open(), l.open() ? file.text(e.range()) : null, listSite);
  }

  static Val val(Value v, Site site) {
    if (v == Value.NULL) {
      return Val.absent(site.as(Site.Kind.INSERT));
    }
    if (v.asString().isPresent()) {
      return Val.known(v.asString().get(), site);
    }
    if (v instanceof Value.Unknown u) {
      return Val.symbolic(u.expression(), site);
    }
    return Val.symbolic(v.toString(), site);
  }
}
