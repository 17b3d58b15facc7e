package dev.farol.doctor.hcl;

import java.util.List;
import java.util.Optional;

/**
 * The attributes and blocks of a file or a block, each list in source order.
 *
 * @param attributes the attributes
 * @param blocks     the nested blocks
 * @param range      a file's whole text, or a block's text between its braces
 */
public record Body(List<Attribute> attributes, List<Block> blocks, SourceRange range) {

  public Body {
    attributes = List.copyOf(attributes);
    blocks = List.copyOf(blocks);
  }

  /** The attribute of that name (the first, should a body define it twice). */
  public Optional<Attribute> attribute(String name) {
    return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** The blocks of that type, in source order. */
  public List<Block> blocks(String type) {
    return blocks.stream().filter(b -> b.type().equals(type)).toList();
  }
}
