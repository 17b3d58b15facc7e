package dev.farol.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal's record of a batch: every field back as it was, in the format journals already on disk use. */
class BatchCodecTest {
  private static final byte[] TRACE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, (byte) 0xff};
  private static final byte[] SPAN = {(byte) 0x80, 2, 3, 4, 5, 6, 7, 8};

  private static Batch sample() {
    return new Batch(
        List.of(new SpanRow(TRACE, SPAN, null, "GET /café ☕", "svc", "SERVER", 1_700_000_000_000_000_000L,
                1_700_000_000_500_000_000L, 2, "boom \"quoted\"", "{\"k\":\"v\",\"n\":1}", "[]", "[]", "fn", "req-1"),
            new SpanRow(TRACE, new byte[8], SPAN, "", null, "INTERNAL", -1L, Long.MAX_VALUE, 0, null, "{}", null,
                null, null, null)),
        List.of(new LogRow(42L, "ERROR", "line\nwith break", "svc", "fn", "req-1", TRACE, SPAN, "{}"),
            new LogRow(0L, null, null, null, null, null, null, null, null)),
        List.of(new MetricRow("aws.lambda.enhanced.duration", "svc", "fn", 7L, 12.5, 3L, "{\"cold_start\":true}"),
            new MetricRow("m", null, null, 0L, Double.NaN, -1L, null)));
  }

  @Test
  void everyFieldComesBack() throws Exception {
    Batch back = BatchCodec.decode(BatchCodec.encode(sample()));
    assertThat(back).usingRecursiveComparison().withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
        .isEqualTo(sample());
  }

  @Test
  void theBytesAreTheFormatJournalsOnDiskHave() throws Exception {
    // version 1 as first written, with DataOutputStream: records from before this encoder must still read
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(1);
    out.writeInt(1);
    out.writeInt(16);
    out.write(TRACE);
    out.writeInt(8);
    out.write(SPAN);
    out.writeInt(-1);
    byte[] name = "é".getBytes(StandardCharsets.UTF_8);
    out.writeInt(name.length);
    out.write(name);
    out.writeInt(-1);
    out.writeInt(6);
    out.write("CLIENT".getBytes(StandardCharsets.UTF_8));
    out.writeLong(5L);
    out.writeLong(6L);
    out.writeInt(1);
    for (int i = 0; i < 6; i++) {
      out.writeInt(-1);
    }
    out.writeInt(0);
    out.writeInt(1);
    out.writeInt(-1);
    out.writeInt(-1);
    out.writeInt(-1);
    out.writeLong(9L);
    out.writeDouble(-0.25);
    out.writeLong(4L);
    out.writeInt(-1);
    out.flush();
    Batch batch = new Batch(List.of(new SpanRow(TRACE, SPAN, null, "é", null, "CLIENT", 5L, 6L, 1, null, null, null,
        null, null, null)), List.of(), List.of(new MetricRow(null, null, null, 9L, -0.25, 4L, null)));
    assertThat(BatchCodec.encode(batch)).isEqualTo(bytes.toByteArray());
  }

  @Test
  void aLargeBatchGrowsTheBufferAndStaysWhole() throws Exception {
    String big = "x".repeat(100_000);
    Batch batch = Batch.ofSpans(java.util.Collections.nCopies(50, new SpanRow(TRACE, SPAN, null, big, "s", "SERVER",
        1L, 2L, 0, null, big, "[]", "[]", null, null)));
    Batch back = BatchCodec.decode(BatchCodec.encode(batch));
    assertThat(back.spans()).hasSize(50);
    assertThat(back.spans().get(49).attributes()).hasSize(100_000);
  }

  @Test
  void diagnostics_comeBackInVersionTwo_andABatchWithoutThemStaysVersionOne() throws Exception {
    Batch withDiagnostics = new Batch(List.of(), List.of(), List.of(), List.of(
        new DiagnosticRow(5L, "fn", "req-1", TRACE, DiagnosticRow.HOPS, "", "{\"hops\":{}}"),
        new DiagnosticRow(6L, null, "req-1", null, DiagnosticRow.FINDING, "FAROL-H001", "{\"code\":\"FAROL-H001\"}")));
    byte[] encoded = BatchCodec.encode(withDiagnostics);
    assertThat(encoded[0]).isEqualTo((byte) 2);
    assertThat(BatchCodec.decode(encoded)).usingRecursiveComparison().isEqualTo(withDiagnostics);
    assertThat(BatchCodec.encode(sample())[0]).isEqualTo((byte) 1);
  }
}
