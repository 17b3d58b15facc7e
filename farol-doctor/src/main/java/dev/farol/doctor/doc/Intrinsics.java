package dev.farol.doctor.doc;

import java.util.Optional;

/**
 * CloudFormation's intrinsic functions in both spellings: the YAML short form ({@code !Ref X}, {@code !Sub
 * "…"}) and the long form ({@code {"Ref": "X"}}, {@code {"Fn::Sub": "…"}}).
 */
public final class Intrinsics {
  private Intrinsics() {}

  /** A call of an intrinsic: its long name ({@code Ref}, {@code Fn::Sub}, {@code Condition}) and argument. */
  public record Call(String name, Node argument) {}

  public static Optional<Call> of(Node n) {
    if (n.tag() != null) {
      String t = n.tag().substring(1);
      String name = t.equals("Ref") || t.equals("Condition") ? t : "Fn::" + t;
      return Optional.of(new Call(name, untagged(n)));
    }
    if (n instanceof Node.MapNode m && m.entries().size() == 1) {
      String k = m.entries().get(0).key().value();
      if (k.equals("Ref") || k.startsWith("Fn::") || k.equals("Condition")) {
        return Optional.of(new Call(k, m.entries().get(0).value()));
      }
    }
    return Optional.empty();
  }

  public static boolean isIntrinsic(Node n) {
    return of(n).isPresent();
  }

  private static Node untagged(Node n) {
    if (n instanceof Node.Scalar s) {
      return new Node.Scalar(s.value(), null, s.plain(), s.line(), s.column(), s.endLine(), s.endColumn());
    }
    if (n instanceof Node.Seq s) {
      return new Node.Seq(s.items(), null, s.line(), s.column(), s.endLine(), s.endColumn());
    }
    Node.MapNode m = (Node.MapNode) n;
    return new Node.MapNode(m.entries(), null, m.line(), m.column(), m.endLine(), m.endColumn());
  }
}
