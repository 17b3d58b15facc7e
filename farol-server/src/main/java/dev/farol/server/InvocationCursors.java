package dev.farol.server;

import dev.farol.server.store.InvocationCursor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Invocation list cursors as the query API gives them ({@code nextCursor}, {@code prevCursor}): opaque text, the
 * URL-safe base64 of {@code o|n}, the start time in Unix nanoseconds, {@code :} and the request id. Clients pass
 * them back as they got them.
 */
final class InvocationCursors {
  private InvocationCursors() {}

  static String encode(InvocationCursor c) {
    String plain = (c.older() ? "o" : "n") + c.startNanos() + ":" + c.requestId();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a {@code cursor} parameter carries; a 400's message when it is not one this API gave. */
  static InvocationCursor decode(String text) throws QueryParams.BadParameter {
    String plain;
    try {
      plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad(text);
    }
    int colon = plain.indexOf(':');
    if (plain.length() < 4 || (plain.charAt(0) != 'o' && plain.charAt(0) != 'n') || colon < 2
        || colon == plain.length() - 1) {
      throw bad(text);
    }
    try {
      return new InvocationCursor(Long.parseLong(plain.substring(1, colon)), plain.substring(colon + 1),
          plain.charAt(0) == 'o');
    } catch (NumberFormatException e) {
      throw bad(text);
    }
  }

  private static QueryParams.BadParameter bad(String text) {
    return new QueryParams.BadParameter("cursor must be a nextCursor or prevCursor this API gave, got '"
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
  }
}
