package dev.farol.server;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OTLP attributes as the JSON text the store keeps, written straight from the protobuf values: no tree in
 * between, since this runs for every span, event and link at ingest. Strings become JSON strings, bools
 * and integers JSON literals, doubles JSON numbers (non-finite ones as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}, which JSON cannot write as numbers), bytes base64 strings,
 * arrays arrays and key-value lists objects. A key given twice keeps its last value, as a map would.
 */
final class AttributeJson {
  private AttributeJson() {}

  /** The attributes as a JSON object. */
  static String object(List<KeyValue> kvs) {
    if (kvs.isEmpty()) {
      return "{}";
    }
    StringBuilder b = new StringBuilder(kvs.size() * 40);
    object(b, kvs);
    return b.toString();
  }

  static void object(StringBuilder b, List<KeyValue> kvs) {
    b.append('{');
    boolean first = true;
    Set<String> repeated = repeatedKeys(kvs);
    for (int i = 0; i < kvs.size(); i++) {
      KeyValue kv = kvs.get(i);
      if (repeated != null && repeated.contains(kv.getKey()) && laterHasKey(kvs, i)) {
        continue; // the last one given wins
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, kv.getKey());
      b.append(':');
      value(b, kv.getValue());
    }
    b.append('}');
  }

  /** The keys given more than once, or {@code null} when every key is given once (the usual case). */
  private static Set<String> repeatedKeys(List<KeyValue> kvs) {
    int n = kvs.size();
    if (n < 2) {
      return null;
    }
    if (n <= 32) {
      // the usual few attributes: comparing pairs costs less than filling a set
      Set<String> repeated = null;
      for (int i = 1; i < n; i++) {
        String key = kvs.get(i).getKey();
        for (int j = 0; j < i; j++) {
          if (key.equals(kvs.get(j).getKey())) {
            if (repeated == null) {
              repeated = new HashSet<>();
            }
            repeated.add(key);
            break;
          }
        }
      }
      return repeated;
    }
    Set<String> seen = new HashSet<>(n * 2);
    Set<String> repeated = null;
    for (KeyValue kv : kvs) {
      if (!seen.add(kv.getKey())) {
        if (repeated == null) {
          repeated = new HashSet<>();
        }
        repeated.add(kv.getKey());
      }
    }
    return repeated;
  }

  private static boolean laterHasKey(List<KeyValue> kvs, int i) {
    String key = kvs.get(i).getKey();
    for (int j = i + 1; j < kvs.size(); j++) {
      if (kvs.get(j).getKey().equals(key)) {
        return true;
      }
    }
    return false;
  }

  static void value(StringBuilder b, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE -> string(b, v.getStringValue());
      case BOOL_VALUE -> b.append(v.getBoolValue());
      case INT_VALUE -> b.append(v.getIntValue());
      case DOUBLE_VALUE -> {
        double d = v.getDoubleValue();
        if (Double.isFinite(d)) {
          b.append(d);
        } else {
          string(b, Double.toString(d));
        }
      }
      case BYTES_VALUE -> b.append('"').append(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()))
          .append('"');
      case ARRAY_VALUE -> {
        b.append('[');
        List<AnyValue> values = v.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          value(b, values.get(i));
        }
        b.append(']');
      }
      case KVLIST_VALUE -> object(b, v.getKvlistValue().getValuesList());
      default -> b.append("null");
    }
  }

  /** A JSON string, escaped as RFC 8259 asks (quote, backslash and control characters). */
  static void string(StringBuilder b, String s) {
    b.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      b.append(s, start, i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> b.append(String.format("\\u%04x", (int) c));
      }
      start = i + 1;
    }
    b.append(s, start, s.length()).append('"');
  }

  /** The text of a string attribute, or {@code null} when the key is absent or not a string. */
  static String text(List<KeyValue> kvs, String key) {
    String found = null;
    for (KeyValue kv : kvs) {
      if (kv.getKey().equals(key)) {
        AnyValue v = kv.getValue();
        found = switch (v.getValueCase()) {
          case STRING_VALUE -> v.getStringValue();
          case INT_VALUE -> Long.toString(v.getIntValue());
          case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
          case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
          default -> null;
        };
      }
    }
    return found;
  }
}
