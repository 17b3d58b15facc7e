package dev.farol.server.store;

import java.util.Set;

/**
 * A log search or a live tail's next step; {@code null} fields do not filter.
 *
 * <p>A search ({@code tailAfter} {@code null}) gives the lines of {@code [sinceNanos, untilNanos]} by time,
 * newest first when {@code newestFirst}, from {@code after} on, and the store's tail position: a tail step
 * ({@code tailAfter} set) gives, oldest first, the lines stored after that position that meet the filters, whatever
 * their time (a function's lines arrive after they were written, late lines included), so that a search followed by
 * tail steps sees every line once.
 *
 * @param text a case-insensitive substring of the body
 * @param levels the lines' levels to keep ({@link LogPage#LEVELS}), {@code null} or empty for all; a line's level is
 *     its severity, or without one the first level word in capitals near the start of its body ({@code ERROR},
 *     {@code [WARN]})
 * @param after where the previous page ended, {@code null} for the first
 * @param upTo for a later page, the tail position its first page gave (the pages see what the first saw, lines
 *     stored since come with the tail); {@code null} for a first page
 * @param tailAfter a tail position from an earlier answer ({@link LogPage#tail}), or {@code null} for a search
 */
public record LogSearch(byte[] traceId, String requestId, String function, String text, Set<String> levels,
    long sinceNanos, long untilNanos, boolean newestFirst, Position after, Long upTo, Long tailAfter, int limit) {
  public LogSearch {
    levels = levels == null ? Set.of() : Set.copyOf(levels);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  /** A line's place in the order of a search: its time, then its write order. */
  public record Position(long timeNanos, long seq) {}
}
