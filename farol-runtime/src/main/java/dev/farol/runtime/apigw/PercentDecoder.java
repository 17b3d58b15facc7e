package dev.farol.runtime.apigw;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-decoding for path segments ({@code +} stays) and query strings ({@code +} is a space). */
final class PercentDecoder {

  private PercentDecoder() {}

  static String decodePath(String raw) {
    return decode(raw, false);
  }

  static String decodeQuery(String raw) {
    return decode(raw, true);
  }

  /** Decodes UTF-8 percent escapes; a malformed escape is kept as it is rather than rejected. */
  private static String decode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%'
          && i + 2 < raw.length()
          && hex(raw.charAt(i + 1)) >= 0
          && hex(raw.charAt(i + 2)) >= 0) {
        out.write(hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          bytes = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
