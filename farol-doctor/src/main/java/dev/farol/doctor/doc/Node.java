package dev.farol.doctor.doc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A YAML or JSON document as a tree that keeps where each node is written (1-based line and column of its
 * start and end) and its tag ({@code !Ref}, {@code !Sub}, …; {@code null} for none), so readers can point
 * findings and fixes at the right line.
 */
public sealed interface Node {
  int line();

  int column();

  int endLine();

  int endColumn();

  /** The node's explicit tag, such as {@code !GetAtt}, or {@code null}. */
  String tag();

  /** A scalar: its text as written, unquoted. */
  record Scalar(String value, String tag, boolean plain, int line, int column, int endLine, int endColumn)
      implements Node {
    /** A plain {@code null}, {@code ~} or empty scalar, or JSON's null. */
    public boolean isNull() {
      return plain && (value.isEmpty() || value.equals("null") || value.equals("~") || value.equals("Null")
          || value.equals("NULL"));
    }
  }

  /** A sequence. */
  record Seq(List<Node> items, String tag, int line, int column, int endLine, int endColumn) implements Node {}

  /** A mapping, its entries in order. */
  record MapNode(List<Entry> entries, String tag, int line, int column, int endLine, int endColumn)
      implements Node {

    /** The value of the first entry whose key is {@code key}. */
    public Optional<Node> get(String key) {
      return entry(key).map(Entry::value);
    }

    /** The first entry whose key is {@code key}. */
    public Optional<Entry> entry(String key) {
      for (Entry e : entries) {
        if (e.key().value().equals(key)) {
          return Optional.of(e);
        }
      }
      return Optional.empty();
    }

    /** The keys, in order. */
    public List<String> keys() {
      List<String> keys = new ArrayList<>();
      for (Entry e : entries) {
        keys.add(e.key().value());
      }
      return keys;
    }
  }

  /** One entry of a mapping. */
  record Entry(Scalar key, Node value) {}
}
