package dev.farol.runtime.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a process's output into lines, as Lambda splits a runtime's stdout into log records,
 * and hands each to a consumer. {@link #drain()} waits until what the process has written so far
 * has been handed on, so that lines printed before a response are attributed to its invocation.
 */
final class LogLines implements Runnable {
  private volatile InputStream in;
  private final java.util.concurrent.Callable<InputStream> opener;
  private final Consumer<String> sink;
  private final Runnable onEnd;
  private java.nio.file.Path fifo;
  private volatile boolean busy;
  private volatile boolean ended;

  LogLines(InputStream in, Consumer<String> sink, Runnable onEnd) {
    this.in = in;
    this.opener = null;
    this.sink = sink;
    this.onEnd = onEnd;
  }

  private LogLines(java.util.concurrent.Callable<InputStream> opener, Consumer<String> sink, Runnable onEnd) {
    this.opener = opener;
    this.sink = sink;
    this.onEnd = onEnd;
  }

  /** Pumps a stream on a new daemon thread. */
  static LogLines start(String name, InputStream in, Consumer<String> sink, Runnable onEnd) {
    LogLines lines = new LogLines(in, sink, onEnd);
    Thread t = new Thread(lines, name);
    t.setDaemon(true);
    t.start();
    return lines;
  }

  /**
   * Pumps a named pipe on a new daemon thread; the pipe is opened there (opening blocks until the
   * writer opens its end). Unlike a {@link Process}'s own stream, whose {@code available()} blocks
   * behind a pending {@code read()}, a pipe read through {@link java.io.FileInputStream} can be
   * drained while the pump waits.
   */
  static LogLines startFifo(String name, java.nio.file.Path fifo, Consumer<String> sink, Runnable onEnd) {
    LogLines lines = new LogLines(() -> new java.io.FileInputStream(fifo.toFile()), sink, onEnd);
    lines.fifo = fifo;
    Thread t = new Thread(lines, name);
    t.setDaemon(true);
    t.start();
    return lines;
  }

  @Override
  public void run() {
    byte[] buf = new byte[8192];
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
    try {
      if (in == null) {
        in = opener.call();
      }
      while (true) {
        busy = false;
        int n = in.read(buf);
        busy = true;
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            emit(line);
          } else {
            line.write(b);
          }
        }
      }
    } catch (Exception e) {
      // the process is gone, or the pipe could not be opened
    } finally {
      try {
        if (in != null) {
          in.close();
        }
      } catch (IOException e) {
        // closing a finished pipe
      }
      if (line.size() > 0) {
        emit(line);
      }
      ended = true;
      busy = false;
      onEnd.run();
    }
  }

  private void emit(java.io.ByteArrayOutputStream line) {
    int len = line.size();
    byte[] bytes = line.toByteArray();
    if (len > 0 && bytes[len - 1] == '\r') {
      len--;
    }
    line.reset();
    try {
      sink.accept(new String(bytes, 0, len, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      // a failing sink must not stop the capture
    }
  }

  /**
   * Lets a pump whose writer never came (the sandbox died before starting the runtime) finish:
   * opening the pipe's other end releases the blocked open, and closing it is the end of output.
   */
  void release() {
    if (fifo != null && in == null && !ended) {
      Thread t = new Thread(() -> {
        try {
          new java.io.FileOutputStream(fifo.toFile()).close();
        } catch (IOException e) {
          // already gone
        }
      }, "farol-fifo-release");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Waits (at most {@code maxMillis}) until every byte written so far has been consumed. */
  void drain(long maxMillis) {
    long until = System.nanoTime() + maxMillis * 1_000_000L;
    try {
      int idle = 0;
      while (!ended && idle < 2 && System.nanoTime() < until) {
        InputStream stream = in;
        if (busy || (stream != null && stream.available() > 0)) {
          idle = 0;
        } else {
          idle++;
        }
        Thread.yield();
      }
    } catch (IOException e) {
      // closed: nothing more to drain
    }
  }
}
