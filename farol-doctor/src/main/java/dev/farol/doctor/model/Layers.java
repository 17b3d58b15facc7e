package dev.farol.doctor.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A function's layers as the files give them.
 *
 * @param items in order; an item may be symbolic ({@code module.deps_layer.arn})
 * @param open more layers may be attached that the files do not show
 * @param site where the list is written; where a new one would go when there is none
 */
public record Layers(List<Val> items, boolean open, String openBecause, Site site) {

  public Layers {
    items = List.copyOf(items);
  }

  public static Layers none(Site site) {
    return new Layers(List.of(), false, null, site);
  }

  /** A copy with {@code more} appended. */
  public Layers plus(List<Val> more) {
    List<Val> all = new ArrayList<>(items);
    all.addAll(more);
    return new Layers(all, open, openBecause, site);
  }
}
