package dev.farol.server.store;

import java.io.DataInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Batch} as bytes, for the journal: a version byte, then the spans, log records and metric points
 * field by field, and in version 2 the diagnostics records. Strings are UTF-8 with an int length ({@code -1}
 * for {@code null}); ids likewise. A batch without diagnostics is written as version 1, byte for byte as before
 * they existed, so journals and set-aside batches stay readable by a server of either version.
 */
final class BatchCodec {
  private static final int VERSION = 1;
  private static final int VERSION_WITH_DIAGNOSTICS = 2;

  private BatchCodec() {}

  static byte[] encode(Batch batch) {
    Out out = new Out(256 + batch.spans().size() * 640 + batch.logs().size() * 256 + batch.metrics().size() * 128
        + batch.diagnostics().size() * 1024);
    boolean diagnostics = !batch.diagnostics().isEmpty();
    out.writeByte(diagnostics ? VERSION_WITH_DIAGNOSTICS : VERSION);
    out.writeInt(batch.spans().size());
    for (SpanRow s : batch.spans()) {
      out.bytes(s.traceId());
      out.bytes(s.spanId());
      out.bytes(s.parentSpanId());
      out.string(s.name());
      out.string(s.service());
      out.string(s.kind());
      out.writeLong(s.startNanos());
      out.writeLong(s.endNanos());
      out.writeInt(s.statusCode());
      out.string(s.statusMessage());
      out.string(s.attributes());
      out.string(s.events());
      out.string(s.links());
      out.string(s.function());
      out.string(s.requestId());
    }
    out.writeInt(batch.logs().size());
    for (LogRow l : batch.logs()) {
      out.writeLong(l.timeNanos());
      out.string(l.severity());
      out.string(l.body());
      out.string(l.service());
      out.string(l.function());
      out.string(l.requestId());
      out.bytes(l.traceId());
      out.bytes(l.spanId());
      out.string(l.attributes());
    }
    out.writeInt(batch.metrics().size());
    for (MetricRow m : batch.metrics()) {
      out.string(m.name());
      out.string(m.service());
      out.string(m.function());
      out.writeLong(m.timeNanos());
      out.writeLong(Double.doubleToLongBits(m.value()));
      out.writeLong(m.count());
      out.string(m.attributes());
    }
    if (diagnostics) {
      out.writeInt(batch.diagnostics().size());
      for (DiagnosticRow d : batch.diagnostics()) {
        out.writeLong(d.timeNanos());
        out.string(d.function());
        out.string(d.requestId());
        out.bytes(d.traceId());
        out.string(d.event());
        out.string(d.code());
        out.string(d.json());
      }
    }
    return out.toByteArray();
  }

  /**
   * What {@code DataOutputStream} writes (big-endian, the format
   * {@link #decode} reads), into one growing array without a synchronized call per byte: encoding runs on
   * every ingest request.
   */
  private static final class Out {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private byte[] buf;
    private int pos;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    private void room(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    void writeByte(int b) {
      room(1);
      buf[pos++] = (byte) b;
    }

    void writeInt(int v) {
      room(4);
      INT.set(buf, pos, v);
      pos += 4;
    }

    void writeLong(long v) {
      room(8);
      LONG.set(buf, pos, v);
      pos += 8;
    }

    void bytes(byte[] b) {
      if (b == null) {
        writeInt(-1);
        return;
      }
      writeInt(b.length);
      room(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    void string(String s) {
      bytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  static Batch decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
    int version = in.readUnsignedByte();
    if (version != VERSION && version != VERSION_WITH_DIAGNOSTICS) {
      throw new IOException("journal record of version " + version + ", this server reads versions " + VERSION
          + " and " + VERSION_WITH_DIAGNOSTICS);
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
    List<DiagnosticRow> diagnostics = new ArrayList<>();
    if (version == VERSION_WITH_DIAGNOSTICS) {
      n = in.readInt();
      for (int i = 0; i < n; i++) {
        diagnostics.add(new DiagnosticRow(in.readLong(), string(in), string(in), bytes(in), string(in), string(in),
            string(in)));
      }
    }
    return new Batch(spans, logs, metrics, diagnostics);
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
