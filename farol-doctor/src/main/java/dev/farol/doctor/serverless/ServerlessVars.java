package dev.farol.doctor.serverless;

import dev.farol.doctor.doc.Node;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Serverless Framework's variables, as far as the file tells: {@code ${self:a.b}} (the document itself),
 * a source's fallback ({@code ${opt:stage, 'dev'}}, {@code ${env:X, 'y'}}, {@code ${sls:stage}} falling back
 * to {@code provider.stage} or {@code dev}), and {@code ${aws:region}} when the provider names its region.
 * Everything else ({@code ${ssm:…}}, {@code ${cf:…}}, {@code ${env:X}} without a fallback) stays
 * symbolic.
 */
final class ServerlessVars {
  private static final Pattern INNERMOST = Pattern.compile("\\$\\{([^${}]*)}");
  private static final Pattern FALLBACK = Pattern.compile("^(.*?),\\s*(?:'([^']*)'|\"([^\"]*)\"|([^,]+))\\s*$");

  /** A scalar's value: known, or the text with what could not be resolved left as written. */
  record Text(String value, boolean known) {}

  private final Node.MapNode root;

  ServerlessVars(Node.MapNode root) {
    this.root = root;
  }

  /** When {@code n} is a scalar that is one whole {@code ${self:…}} reference to a mapping or list, that node. */
  Optional<Node> node(Node n) {
    if (n instanceof Node.Scalar s) {
      Matcher m = Pattern.compile("^\\$\\{self:([^}]+)}$").matcher(s.value().trim());
      if (m.matches()) {
        Optional<Node> target = lookup(m.group(1).trim());
        if (target.isPresent() && !(target.get() instanceof Node.Scalar)) {
          return target;
        }
      }
    }
    return Optional.empty();
  }

  Text text(String raw) {
    return resolve(raw, 0);
  }

  private Text resolve(String raw, int depth) {
    String s = raw;
    boolean known = true;
    for (int guard = 0; guard < 50; guard++) {
      Matcher m = INNERMOST.matcher(s);
      if (!m.find()) {
        break;
      }
      Optional<String> v = depth > 10 ? Optional.empty() : one(m.group(1).trim(), depth);
      if (v.isEmpty()) {
        known = false;
        // keep it as written, marked so the loop moves on
        s = s.substring(0, m.start()) + "\u0000{" + m.group(1) + "}" + s.substring(m.end());
      } else {
        s = s.substring(0, m.start()) + v.get() + s.substring(m.end());
      }
    }
    return new Text(s.replace("\u0000{", "${"), known);
  }

  private Optional<String> one(String ref, int depth) {
    Matcher fb = FALLBACK.matcher(ref);
    String source = ref;
    String fallback = null;
    if (fb.matches() && ref.contains(":")) {
      source = fb.group(1).trim();
      fallback = fb.group(2) != null ? fb.group(2) : fb.group(3) != null ? fb.group(3) : fb.group(4).trim();
    }
    Optional<String> v = Optional.empty();
    if (source.startsWith("self:")) {
      v = lookup(source.substring(5).trim()).filter(Node.Scalar.class::isInstance)
          .map(n -> resolve(((Node.Scalar) n).value(), depth + 1)).filter(Text::known).map(Text::value);
    } else if (source.equals("sls:stage")) {
      v = lookup("provider.stage").filter(Node.Scalar.class::isInstance).map(n -> resolve(((Node.Scalar) n).value(),
          depth + 1)).filter(Text::known).map(Text::value).or(() -> Optional.of("dev"));
    } else if (source.equals("aws:region")) {
      v = lookup("provider.region").filter(Node.Scalar.class::isInstance).map(n -> resolve(((Node.Scalar) n).value(),
          depth + 1)).filter(Text::known).map(Text::value);
    }
    if (v.isEmpty() && fallback != null) {
      if (fallback.matches("(self|opt|env|sls|aws):\\S+")) {
        return one(fallback, depth + 1);
      }
      return Optional.of(fallback);
    }
    return v;
  }

  /** The node at a dotted path of the document ({@code custom.datadog.site}). */
  Optional<Node> lookup(String path) {
    Node at = root;
    for (String part : path.split("\\.")) {
      if (!(at instanceof Node.MapNode m)) {
        return Optional.empty();
      }
      Optional<Node> next = m.get(part);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      at = next.get();
    }
    return Optional.of(at);
  }
}
