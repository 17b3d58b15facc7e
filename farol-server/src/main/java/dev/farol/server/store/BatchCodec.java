package dev.farol.server.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Batch} as bytes, for the journal: a version byte, then the spans, log records and metric points
 * field by field. Strings are UTF-8 with an int length ({@code -1} for {@code null}); ids likewise.
 */
final class BatchCodec {
  private static final int VERSION = 1;

  private BatchCodec() {}

  static byte[] encode(Batch batch) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + batch.spans().size() * 512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(batch.spans().size());
      for (SpanRow s : batch.spans()) {
        bytes(out, s.traceId());
        bytes(out, s.spanId());
        bytes(out, s.parentSpanId());
        string(out, s.name());
        string(out, s.service());
        string(out, s.kind());
        out.writeLong(s.startNanos());
        out.writeLong(s.endNanos());
        out.writeInt(s.statusCode());
        string(out, s.statusMessage());
        string(out, s.attributes());
        string(out, s.events());
        string(out, s.links());
        string(out, s.function());
        string(out, s.requestId());
      }
      out.writeInt(batch.logs().size());
      for (LogRow l : batch.logs()) {
        out.writeLong(l.timeNanos());
        string(out, l.severity());
        string(out, l.body());
        string(out, l.service());
        string(out, l.function());
        string(out, l.requestId());
        bytes(out, l.traceId());
        bytes(out, l.spanId());
        string(out, l.attributes());
      }
      out.writeInt(batch.metrics().size());
      for (MetricRow m : batch.metrics()) {
        string(out, m.name());
        string(out, m.service());
        string(out, m.function());
        out.writeLong(m.timeNanos());
        out.writeDouble(m.value());
        out.writeLong(m.count());
        string(out, m.attributes());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static Batch decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("journal record of version " + version + ", this server reads version " + VERSION);
    }
    int n = in.readInt();
    List<SpanRow> spans = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      spans.add(new SpanRow(bytes(in), bytes(in), bytes(in), string(in), string(in), string(in), in.readLong(),
          in.readLong(), in.readInt(), string(in), string(in), string(in), string(in), string(in), string(in)));
    }
    n = in.readInt();
    List<LogRow> logs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      logs.add(new LogRow(in.readLong(), string(in), string(in), string(in), string(in), string(in), bytes(in),
          bytes(in), string(in)));
    }
    n = in.readInt();
    List<MetricRow> metrics = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      metrics.add(new MetricRow(string(in), string(in), string(in), in.readLong(), in.readDouble(), in.readLong(),
          string(in)));
    }
    return new Batch(spans, logs, metrics);
  }

  private static void bytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    bytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  private static String string(DataInputStream in) throws IOException {
    byte[] b = bytes(in);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
