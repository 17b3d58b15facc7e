package dev.farol.server.store;

/**
 * A Bloom filter of the trace ids in the store, so that ingest asks the database about a trace only
 * when it may already be there: "absent" is certain, "maybe present" is checked. Single-threaded (the
 * writer's). Sized at 16 bits per trace with 4 probes (about 0.2 % false "maybe"); the writer rebuilds
 * it larger from the {@code traces} table once it holds more than it was sized for.
 */
final class TraceIdFilter {
  private final long[] bits;
  private final int mask;
  private long count;

  /** Room for {@code expected} trace ids (at least 1 M). */
  TraceIdFilter(long expected) {
    long want = Math.max(1L << 24, Long.highestOneBit(Math.max(1, expected) * 16) << 1);
    int size = (int) Math.min(1L << 31, want);
    bits = new long[size >>> 6];
    mask = size - 1;
  }

  /** Trace ids it was sized for; beyond, "maybe" grows more frequent. */
  long capacity() {
    return (mask + 1L) / 16;
  }

  long count() {
    return count;
  }

  void add(long hi, long lo) {
    long h = mix(hi, lo);
    long step = (h >>> 32) | 1;
    for (int i = 0; i < 4; i++) {
      int b = (int) (h + i * step) & mask;
      bits[b >>> 6] |= 1L << b;
    }
    count++;
  }

  boolean mayContain(long hi, long lo) {
    long h = mix(hi, lo);
    long step = (h >>> 32) | 1;
    for (int i = 0; i < 4; i++) {
      int b = (int) (h + i * step) & mask;
      if ((bits[b >>> 6] & (1L << b)) == 0) {
        return false;
      }
    }
    return true;
  }

  private static long mix(long hi, long lo) {
    long h = hi * 0xC2B2AE3D27D4EB4FL ^ Long.rotateLeft(lo * 0x165667B19E3779F9L, 31);
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return h ^ (h >>> 32);
  }
}
