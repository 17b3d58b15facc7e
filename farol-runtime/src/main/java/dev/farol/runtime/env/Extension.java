package dev.farol.runtime.env;

import java.util.ArrayDeque;
import java.util.Set;

/** One registered extension of an environment: its events, and whether it waits in {@code /next}. */
final class Extension {
  final String id;
  final String name;
  final boolean external;
  final Set<String> events;
  final ArrayDeque<String> pending = new ArrayDeque<>();
  /** Called {@code /next} at least once (init done). */
  boolean ready;
  /** Currently blocked in {@code /next} with nothing to deliver. */
  boolean waiting;
  /** Posted init/error or exit/error: no further calls accepted. */
  boolean failed;
  boolean exited;

  Extension(String id, String name, boolean external, Set<String> events) {
    this.id = id;
    this.name = name;
    this.external = external;
    this.events = events;
  }

  boolean subscribes(String event) {
    return events.contains(event);
  }
}
