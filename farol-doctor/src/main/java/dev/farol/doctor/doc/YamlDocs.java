package dev.farol.doctor.doc;

import dev.farol.doctor.model.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads YAML (CloudFormation's short-form tags such as {@code !Ref} included, and aliases) into
 * {@link Node}s with their positions. Problems become {@link InputException}s naming file and line.
 */
public final class YamlDocs {
  private YamlDocs() {}

  /** The document in {@code text}; an empty document is an empty mapping. */
  public static Node read(Path file, String shown, String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(shown).setUseMarks(true)
        .setAllowDuplicateKeys(true).setMaxAliasesForCollections(200).setCodePointLimit(64 * 1024 * 1024).build();
    Optional<org.snakeyaml.engine.v2.nodes.Node> root;
    try {
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
      throw new InputException(line > 0 ? shown + ":" + line : shown, "not valid YAML: " + problem + context);
    } catch (YamlEngineException e) {
      throw new InputException(shown, "not valid YAML: " + firstLine(e.getMessage()));
    }
    if (root.isEmpty()) {
      return new Node.MapNode(List.of(), null, 1, 1, 1, 1);
    }
    return convert(root.get(), 0);
  }

  private static Node convert(org.snakeyaml.engine.v2.nodes.Node n, int depth) {
    if (depth > 200) {
      throw new InputException("?", "YAML nested deeper than 200 levels");
    }
    int line = n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    int column = n.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
    int endLine = n.getEndMark().map(m -> endLine(m)).orElse(line);
    int endColumn = n.getEndMark().map(m -> m.getColumn() + 1).orElse(column);
    String tag = customTag(n.getTag());
    if (n instanceof ScalarNode s) {
      return new Node.Scalar(s.getValue(), tag, s.getScalarStyle() == ScalarStyle.PLAIN, line, column, endLine,
          endColumn);
    }
    if (n instanceof SequenceNode s) {
      List<Node> items = new ArrayList<>();
      for (org.snakeyaml.engine.v2.nodes.Node item : s.getValue()) {
        items.add(convert(item, depth + 1));
      }
      if (s.getFlowStyle() == org.snakeyaml.engine.v2.common.FlowStyle.BLOCK && !items.isEmpty()) {
        Node last = items.get(items.size() - 1);
        return new Node.Seq(items, tag, line, column, last.endLine(), last.endColumn());
      }
      return new Node.Seq(items, tag, line, column, endLine, endColumn);
    }
    MappingNode m = (MappingNode) n;
    List<Node.Entry> entries = new ArrayList<>();
    for (NodeTuple t : m.getValue()) {
      Node key = convert(t.getKeyNode(), depth + 1);
      Node.Scalar k = key instanceof Node.Scalar ks ? ks
          : new Node.Scalar("?", null, true, key.line(), key.column(), key.endLine(), key.endColumn());
      entries.add(new Node.Entry(k, convert(t.getValueNode(), depth + 1)));
    }
    if (m.getFlowStyle() == org.snakeyaml.engine.v2.common.FlowStyle.BLOCK && !entries.isEmpty()) {
      Node last = entries.get(entries.size() - 1).value();
      return new Node.MapNode(entries, tag, line, column, last.endLine(), last.endColumn());
    }
    return new Node.MapNode(entries, tag, line, column, endLine, endColumn);
  }

  /** A block node's end mark sits at the start of the next line: report the line it ends on. */
  private static int endLine(Mark m) {
    return m.getColumn() == 0 && m.getLine() > 0 ? m.getLine() : m.getLine() + 1;
  }

  private static String customTag(Tag tag) {
    String v = tag.getValue();
    return v.startsWith("!") ? v : null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
