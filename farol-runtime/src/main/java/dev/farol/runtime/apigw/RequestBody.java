package dev.farol.runtime.apigw;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The body as the event carries it: text as it is, anything else base64 with {@code
 * isBase64Encoded: true}.
 *
 * <p>HTTP APIs base64-encode every body whose content type is not text. A REST API does so only
 * for its configured binary media types; Farol has no such setting, so REST routes follow the HTTP
 * API rule, as if every non-text type were declared binary. A body without a content type counts as
 * binary.
 *
 * @param text the body text or its base64, {@code null} when the request had no body
 * @param base64Encoded whether {@code text} is base64
 */
record RequestBody(String text, boolean base64Encoded) {
  static final RequestBody NONE = new RequestBody(null, false);

  static RequestBody of(byte[] bytes, String contentType) {
    if (bytes.length == 0) {
      return NONE;
    }
    if (isText(contentType)) {
      return new RequestBody(new String(bytes, charset(contentType)), false);
    }
    return new RequestBody(Base64.getEncoder().encodeToString(bytes), true);
  }

  /**
   * Text-like media types: {@code text/*}, JSON, XML, form data, JavaScript and any {@code +json}
   * or {@code +xml} type.
   */
  static boolean isText(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = mediaType(contentType);
    return type.startsWith("text/")
        || type.equals("application/json")
        || type.equals("application/xml")
        || type.equals("application/x-www-form-urlencoded")
        || type.equals("application/javascript")
        || type.endsWith("+json")
        || type.endsWith("+xml");
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  private static Charset charset(String contentType) {
    for (String param : contentType.split(";")) {
      String[] pair = param.trim().split("=", 2);
      if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
        try {
          return Charset.forName(pair[1].trim().replace("\"", ""));
        } catch (IllegalArgumentException unsupported) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
