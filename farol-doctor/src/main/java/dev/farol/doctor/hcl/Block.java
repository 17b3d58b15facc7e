package dev.farol.doctor.hcl;

import java.util.List;

/**
 * {@code type label "label" { body }}.
 *
 * @param type      the block type
 * @param labels    the labels, quoted or bare, in order
 * @param body      the content; its range runs from just after "{" to the "}"
 * @param range     from the type to the closing brace
 * @param typeRange the type alone
 */
public record Block(String type, List<String> labels, Body body, SourceRange range, SourceRange typeRange) {

  public Block {
    labels = List.copyOf(labels);
  }
}
