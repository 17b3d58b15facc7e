package dev.farol.doctor.hcl;

import static dev.farol.doctor.hcl.Functions.strict;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Encoding functions, all strict. {@code jsonencode} writes as Terraform does: object keys sorted, no
 * spaces, {@code <}, {@code >} and {@code &} escaped as {@code \u003c}...; {@code jsondecode} reads with
 * Jackson, numbers exactly.
 */
final class EncodingFunctions {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();

  private EncodingFunctions() {
  }

  static void register(Map<String, Functions.Def> lib) {
    strict(lib, "jsonencode", 1, 1, a -> Value.of(json(a.get(0))));
    strict(lib, "jsondecode", 1, 1, a -> {
      try {
        return fromJson(JSON.readTree(a.string(0)));
      } catch (JsonProcessingException e) {
        var at = e.getLocation();
        throw a.error(0, "is not valid JSON: it breaks off at line " + at.getLineNr() + ", column "
            + at.getColumnNr());
      }
    });
    strict(lib, "base64encode", 1, 1, a ->
        Value.of(Base64.getEncoder().encodeToString(a.string(0).getBytes(StandardCharsets.UTF_8))));
    strict(lib, "base64decode", 1, 1, a -> {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(a.string(0));
      } catch (IllegalArgumentException e) {
        throw a.error(0, "is not valid base64: " + SyntaxMessages.quote(a.string(0)));
      }
      try {
        return Value.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
      } catch (CharacterCodingException e) {
        throw a.error(0, "does not decode to UTF-8 text");
      }
    });
    strict(lib, "urlencode", 1, 1, a -> Value.of(URLEncoder.encode(a.string(0), StandardCharsets.UTF_8)
        .replace("*", "%2A").replace("%7E", "~")));
    strict(lib, "md5", 1, 1, a -> Value.of(HexFormat.of().formatHex(digest("MD5", a.string(0)))));
    strict(lib, "sha1", 1, 1, a -> Value.of(HexFormat.of().formatHex(digest("SHA-1", a.string(0)))));
    strict(lib, "sha256", 1, 1, a -> Value.of(HexFormat.of().formatHex(digest("SHA-256", a.string(0)))));
    strict(lib, "sha512", 1, 1, a -> Value.of(HexFormat.of().formatHex(digest("SHA-512", a.string(0)))));
    strict(lib, "base64sha256", 1, 1, a ->
        Value.of(Base64.getEncoder().encodeToString(digest("SHA-256", a.string(0)))));
  }

  private static byte[] digest(String algorithm, String text) {
    try {
      return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
    }
  }

  /** A known value as Terraform's jsonencode writes it. */
  static String json(Value value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Value value, StringBuilder out) {
    if (value instanceof Value.Str s) {
      string(s.value(), out);
    } else if (value instanceof Value.Num n) {
      out.append(Values.format(n.value()));
    } else if (value instanceof Value.Bool b) {
      out.append(b.value());
    } else if (value instanceof Value.ListV l) {
      out.append('[');
      for (int i = 0; i < l.items().size(); i++) {
        out.append(i > 0 ? "," : "");
        write(l.items().get(i), out);
      }
      out.append(']');
    } else if (value instanceof Value.MapV m) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Value> e : new TreeMap<>(m.entries()).entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        string(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else {
      out.append("null");
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A JSON document as the value {@code jsondecode} makes of it. */
  static Value fromJson(JsonNode node) {
    if (node.isObject()) {
      Map<String, Value> entries = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        entries.put(e.getKey(), fromJson(e.getValue()));
      }
      return Value.map(entries);
    }
    if (node.isArray()) {
      List<Value> items = new ArrayList<>();
      node.forEach(n -> items.add(fromJson(n)));
      return Value.list(items);
    }
    if (node.isNumber()) {
      return new Value.Num(node.decimalValue());
    }
    if (node.isBoolean()) {
      return Value.of(node.booleanValue());
    }
    if (node.isTextual()) {
      return Value.of(node.textValue());
    }
    return Value.NULL;
  }
}
