package dev.farol.server;

import dev.farol.server.store.InvocationCursor;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Invocation list cursors as the query API gives them ({@code nextCursor}, {@code prevCursor}): {@link Cursor}s of
 * kind {@code io} (the page after a place: older invocations) or {@code in} (the page before it: newer), with the
 * place's start time and request id (hex, so that any text it holds survives), made for one set of filters.
 */
final class InvocationCursors {
  private static final HexFormat HEX = HexFormat.of();

  private InvocationCursors() {}

  /** The fingerprint of the filters a cursor is made for (the window may move: a place stays a place). */
  static String fingerprint(String function, String coldStart, String error, String minDurationMs) {
    return Cursor.fingerprint(String.join("\n", String.valueOf(function), String.valueOf(coldStart),
        String.valueOf(error), String.valueOf(minDurationMs)));
  }

  static String encode(InvocationCursor c, String fingerprint) {
    return Cursor.encode(c.older() ? "io" : "in", fingerprint, List.of(Long.toString(c.startNanos()),
        HEX.formatHex(c.requestId().getBytes(StandardCharsets.UTF_8))));
  }

  /** The cursor a {@code cursor} parameter carries; a 400's message when it is not one made for these filters. */
  static InvocationCursor decode(String text, String fingerprint) throws QueryParams.BadParameter {
    boolean older;
    List<String> f;
    try {
      f = Cursor.decode("cursor", text, "io", fingerprint, 2);
      older = true;
    } catch (QueryParams.BadParameter notOlder) {
      if (notOlder.getMessage().contains("other filters")) {
        throw notOlder;
      }
      f = Cursor.decode("cursor", text, "in", fingerprint, 2);
      older = false;
    }
    String requestId;
    try {
      requestId = new String(HEX.parseHex(f.get(1)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Cursor.notOurs("cursor", text);
    }
    if (requestId.isEmpty()) {
      throw Cursor.notOurs("cursor", text);
    }
    return new InvocationCursor(Cursor.number("cursor", text, f.get(0)), requestId, older);
  }
}
