package dev.farol.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The query API's paging cursors: opaque to clients (base64url text), made of a kind, the search's filters'
 * fingerprint and numbers (and hex ids) that say where the page ended. A cursor given back with other filters, or
 * not made by this server, is a bad parameter.
 */
final class Cursor {
  private Cursor() {}

  /** {@code kind} and the fields, encoded. */
  static String encode(String kind, String fingerprint, List<String> fields) {
    String text = kind + "." + fingerprint + "." + String.join(".", fields);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The fields of a cursor of {@code kind}, {@code count} of them, made for a search with this fingerprint.
   *
   * @throws QueryParams.BadParameter naming {@code parameter} when it is not such a cursor
   */
  static List<String> decode(String parameter, String cursor, String kind, String fingerprint, int count)
      throws QueryParams.BadParameter {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw notOurs(parameter, cursor);
    }
    List<String> parts = List.of(text.split("\\.", -1));
    if (parts.size() != count + 2 || !parts.get(0).equals(kind)) {
      throw notOurs(parameter, cursor);
    }
    if (!parts.get(1).equals(fingerprint)) {
      throw new QueryParams.BadParameter(parameter + " was made for a search with other filters: search again "
          + "without " + parameter + " for the first page of these");
    }
    return parts.subList(2, parts.size());
  }

  /** A short fingerprint of a search's filters (the parameters other than paging). */
  static String fingerprint(String canonicalFilters) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(canonicalFilters.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  static long number(String parameter, String cursor, String field) throws QueryParams.BadParameter {
    try {
      return Long.parseLong(field);
    } catch (NumberFormatException e) {
      throw notOurs(parameter, cursor);
    }
  }

  static QueryParams.BadParameter notOurs(String parameter, String cursor) {
    return new QueryParams.BadParameter(parameter + " is not a cursor this server gave out, got '"
        + (cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor) + "'");
  }
}
