package dev.farol.extension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A MessagePack reader for the Datadog trace intake: the whole format's types, decoded into Java values
 * ({@code Map}, {@code List}, {@code String}, {@code Long} (unsigned 64-bit values keep their bits),
 * {@code Double}, {@code Boolean}, {@code byte[]}, {@code null}). The extension stays free of
 * dependencies, and the intake needs nothing more than reading.
 */
final class MsgPack {
  private final byte[] in;
  private int pos;

  private MsgPack(byte[] in) {
    this.in = in;
  }

  /** Thrown for input that is not well-formed MessagePack; the message says where and why. */
  static final class MalformedException extends RuntimeException {
    MalformedException(String message) {
      super(message);
    }
  }

  /** Reads one value that must take up the whole input. */
  static Object read(byte[] bytes) {
    MsgPack r = new MsgPack(bytes);
    Object v = r.value(0);
    if (r.pos != bytes.length) {
      throw new MalformedException((bytes.length - r.pos) + " bytes after the value that ends at byte " + r.pos);
    }
    return v;
  }

  private int u8() {
    need(1);
    return in[pos++] & 0xff;
  }

  private int u16() {
    need(2);
    int v = ((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  private long u32() {
    need(4);
    long v = ((long) (in[pos] & 0xff) << 24) | ((in[pos + 1] & 0xff) << 16) | ((in[pos + 2] & 0xff) << 8)
        | (in[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  private long u64() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  private void need(long n) {
    if (n < 0 || pos + n > in.length) {
      throw new MalformedException("truncated: " + n + " more bytes needed at byte " + pos + " of " + in.length);
    }
  }

  private int length(long n) {
    // every element takes at least one byte: a larger count cannot be honest
    if (n > in.length - pos) {
      throw new MalformedException("a length of " + n + " at byte " + pos + " exceeds the " + (in.length - pos)
          + " bytes left");
    }
    return (int) n;
  }

  private String str(int n) {
    need(n);
    String s = new String(in, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  private byte[] bin(int n) {
    need(n);
    byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + n);
    pos += n;
    return b;
  }

  private List<Object> array(int n, int depth) {
    List<Object> list = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      list.add(value(depth + 1));
    }
    return list;
  }

  private Map<Object, Object> map(int n, int depth) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Object k = value(depth + 1);
      m.put(k instanceof byte[] ? new String((byte[]) k, StandardCharsets.UTF_8) : k, value(depth + 1));
    }
    return m;
  }

  private Object value(int depth) {
    if (depth > 64) {
      throw new MalformedException("nested deeper than 64 levels at byte " + pos);
    }
    int at = pos;
    int b = u8();
    if (b <= 0x7f) {
      return (long) b;
    }
    if (b >= 0xe0) {
      return (long) (byte) b;
    }
    if ((b & 0xe0) == 0xa0) {
      return str(b & 0x1f);
    }
    if ((b & 0xf0) == 0x90) {
      return array(length(b & 0x0f), depth);
    }
    if ((b & 0xf0) == 0x80) {
      return map(length(b & 0x0f), depth);
    }
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return Boolean.FALSE;
      case 0xc3:
        return Boolean.TRUE;
      case 0xc4:
        return bin(u8());
      case 0xc5:
        return bin(u16());
      case 0xc6:
        return bin(length(u32()));
      case 0xc7: {
        int n = u8();
        u8();
        return bin(n);
      }
      case 0xc8: {
        int n = u16();
        u8();
        return bin(n);
      }
      case 0xc9: {
        int n = length(u32());
        u8();
        return bin(n);
      }
      case 0xca:
        return (double) Float.intBitsToFloat((int) u32());
      case 0xcb:
        return Double.longBitsToDouble(u64());
      case 0xcc:
        return (long) u8();
      case 0xcd:
        return (long) u16();
      case 0xce:
        return u32();
      case 0xcf:
        return u64();
      case 0xd0:
        return (long) (byte) u8();
      case 0xd1:
        return (long) (short) u16();
      case 0xd2:
        return (long) (int) u32();
      case 0xd3:
        return u64();
      case 0xd4:
        u8();
        return bin(1);
      case 0xd5:
        u8();
        return bin(2);
      case 0xd6:
        u8();
        return bin(4);
      case 0xd7:
        u8();
        return bin(8);
      case 0xd8:
        u8();
        return bin(16);
      case 0xd9:
        return str(u8());
      case 0xda:
        return str(u16());
      case 0xdb:
        return str(length(u32()));
      case 0xdc:
        return array(length(u16()), depth);
      case 0xdd:
        return array(length(u32()), depth);
      case 0xde:
        return map(length(u16()), depth);
      case 0xdf:
        return map(length(u32()), depth);
      default:
        throw new MalformedException("0x" + Integer.toHexString(b) + " at byte " + at + " is not a MessagePack type");
    }
  }
}
