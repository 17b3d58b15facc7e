package dev.farol.doctor.hcl;

import java.util.List;

/**
 * A piece of a {@link Expr.Template} (spec "Templates"). Escapes are already decoded, strip markers
 * ({@code ~}) and the {@code <<-} indentation rule already applied to the text.
 */
public sealed interface TemplatePart {

  /** Literal text. */
  record Text(String text) implements TemplatePart {
  }

  /** {@code ${ expr }}. */
  record Interpolation(Expr expr) implements TemplatePart {
  }

  /** {@code %{ if cond }then%{ else }otherwise%{ endif }}; {@code otherwise} is empty without else. */
  record If(Expr cond, List<TemplatePart> then, List<TemplatePart> otherwise) implements TemplatePart {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /** {@code %{ for k, v in collection }body%{ endfor }}; {@code keyVar} is null with one variable. */
  record For(String keyVar, String valueVar, Expr collection, List<TemplatePart> body) implements TemplatePart {
    public For {
      body = List.copyOf(body);
    }
  }
}
