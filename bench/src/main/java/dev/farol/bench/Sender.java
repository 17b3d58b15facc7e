package dev.farol.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Posts request bodies with N concurrent senders, each on a kept-alive connection of its own
 * ({@link LeanHttp}, so that the load generator takes as little of the shared CPUs as it can), each
 * taking the next body until all are sent. A
 * {@code 429} or {@code 503} is retried after its {@code Retry-After}, as an OTLP exporter would.
 */
final class Sender {
  /** What one run did. */
  record Result(int requests, long nanos, long retries, long failures) {}

  private Sender() {}

  static Result send(String url, String contentType, int count, IntFunction<byte[]> bodies, int senders)
      throws InterruptedException {
    URL target;
    try {
      target = URI.create(url).toURL();
    } catch (IOException e) {
      throw new IllegalArgumentException(url, e);
    }
    AtomicInteger next = new AtomicInteger();
    AtomicLong retries = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    Thread[] threads = new Thread[senders];
    long start = System.nanoTime();
    for (int i = 0; i < senders; i++) {
      threads[i] = new Thread(() -> {
        try (LeanHttp client = new LeanHttp(target.getHost(), target.getPort())) {
          for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
            byte[] body = bodies.apply(n);
            for (int attempt = 0; ; attempt++) {
              int status;
              String retryAfter = null;
              try {
                LeanHttp.Response r = client.post(url, contentType, body);
                status = r.status();
                retryAfter = r.retryAfter();
              } catch (IOException e) {
                status = -1;
              }
              if (status == 200 || status == 202) {
                break;
              }
              if ((status == 429 || status == 503 || status == -1) && attempt < 20) {
                retries.incrementAndGet();
                sleep(retryAfter == null ? 100 : Long.parseLong(retryAfter.trim()) * 1000);
                continue;
              }
              failures.incrementAndGet();
              System.err.println("request " + n + " to " + url + " failed: " + status);
              break;
            }
          }
        }
      }, "sender-" + i);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Result(count, System.nanoTime() - start, retries.get(), failures.get());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
