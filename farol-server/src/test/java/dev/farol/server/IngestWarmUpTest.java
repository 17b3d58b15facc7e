package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The decoders' warm-up at start: every sample is a valid request of its signal, in both encodings. */
class IngestWarmUpTest {

  @Test
  void everySampleDecodesToOneItemInJsonAndInProtobuf() {
    // three signals, two encodings, one item each: a sample the decoder rejected would be missing here
    assertThat(Ingest.warmUp()).isEqualTo(6);
  }
}
