package dev.farol.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what ingest holds at once: requests in flight (admitted, not yet answered) and the bytes of
 * their decoded bodies. A request beyond either bound is refused at once ({@code 429} with
 * {@code Retry-After}) rather than queued, so a slow or stalled store costs callers a retry, never
 * an unbounded queue or a thread blocked forever.
 *
 * <p>One request is always admitted when nothing else holds bytes, so a body larger than the byte
 * bound (but within the body limit) is slow, not impossible.
 */
final class IngestAdmission {
  /** Default for {@link FarolServer.Settings#maxInFlightRequests()}: {@value}. */
  static final int DEFAULT_MAX_REQUESTS = 64;
  /** Default for {@link FarolServer.Settings#maxInFlightBytes()}: {@value} (128 MiB). */
  static final long DEFAULT_MAX_BYTES = 128L * 1024 * 1024;

  private final int maxRequests;
  private final long maxBytes;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  IngestAdmission(int maxRequests, long maxBytes) {
    if (maxRequests < 1) {
      throw new IllegalArgumentException("maxInFlightRequests must be at least 1, got " + maxRequests);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxInFlightBytes must be at least 1, got " + maxBytes);
    }
    this.maxRequests = maxRequests;
    this.maxBytes = maxBytes;
  }

  /** Takes a request slot; {@code false} when all {@link #maxRequests()} are taken. */
  boolean tryEnter() {
    for (long n = requests.get(); n < maxRequests; n = requests.get()) {
      if (requests.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Gives back the slot of {@link #tryEnter()}. */
  void exit() {
    requests.decrementAndGet();
  }

  /** Reserves a decoded body's bytes; {@code false} when they would go over {@link #maxBytes()}. */
  boolean tryReserve(long size) {
    for (long held = bytes.get(); held == 0 || held + size <= maxBytes; held = bytes.get()) {
      if (bytes.compareAndSet(held, held + size)) {
        return true;
      }
    }
    return false;
  }

  void release(long size) {
    bytes.addAndGet(-size);
  }

  int maxRequests() {
    return maxRequests;
  }

  long maxBytes() {
    return maxBytes;
  }

  long requestsInFlight() {
    return requests.get();
  }

  long bytesInFlight() {
    return bytes.get();
  }
}
