package dev.farol.doctor.hcl;

import java.util.List;

/**
 * Evaluates templates (spec "Templates"): the parts are rendered and joined; a template made of one
 * interpolation alone is "unwrapped" and gives the interpolated value as it is, not converted to a string.
 * Any unknown part makes the whole template unknown, with the template's text.
 */
final class Templates {

  /** Thrown inside rendering when a part is unknown; caught at the template. */
  private static final class UnknownPart extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownPart() {
      super(null, null, false, false);
    }
  }

  private Templates() {
  }

  static Value evaluate(Evaluation ev, Expr.Template t) {
    if (t.parts().size() == 1 && t.parts().get(0) instanceof TemplatePart.Interpolation i) {
      return ev.eval(i.expr());
    }
    StringBuilder out = new StringBuilder();
    try {
      render(ev, t.parts(), out);
    } catch (UnknownPart e) {
      return ev.unknown(t);
    }
    return new Value.Str(out.toString());
  }

  private static void render(Evaluation ev, List<TemplatePart> parts, StringBuilder out) {
    for (TemplatePart part : parts) {
      if (part instanceof TemplatePart.Text text) {
        out.append(text.text());
      } else if (part instanceof TemplatePart.Interpolation i) {
        out.append(string(ev, i.expr(), ev.eval(i.expr())));
      } else if (part instanceof TemplatePart.If f) {
        Value cond = ev.eval(f.cond());
        if (cond instanceof Value.Unknown) {
          throw new UnknownPart();
        }
        boolean b = Values.toBool(cond).orElseThrow(() -> ev.error(f.cond(),
            "the condition of \"%{ if }\" must be a bool, found " + Values.describe(cond)));
        render(ev, b ? f.then() : f.otherwise(), out);
      } else {
        TemplatePart.For f = (TemplatePart.For) part;
        Value collection = ev.eval(f.collection());
        if (collection instanceof Value.Unknown || collection instanceof Value.ListV l && l.open()
            || collection instanceof Value.MapV m && m.open()) {
          throw new UnknownPart();
        }
        for (Value[] element : ev.elements(f.collection(), collection)) {
          render(ev.iteration(f.keyVar(), f.valueVar(), element), f.body(), out);
        }
      }
    }
  }

  /** An interpolated value as a string: strings, numbers and bools convert; null, lists and maps are errors. */
  private static String string(Evaluation ev, Expr expr, Value value) {
    if (value instanceof Value.Unknown) {
      throw new UnknownPart();
    }
    return value.asString().orElseThrow(() -> ev.error(expr, value instanceof Value.Null
        ? "cannot include null in a string template"
        : "cannot include " + Values.describe(value) + " in a string template: only strings, numbers and bools convert"
            + " to strings (jsonencode() writes a list or a map as JSON)"));
  }
}
