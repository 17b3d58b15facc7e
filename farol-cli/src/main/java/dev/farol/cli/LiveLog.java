package dev.farol.cli;

import dev.farol.runtime.env.LogSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the live check's local Lambda logs, kept (not printed): the platform's START and REPORT lines say which
 * invocation ran and when it ended (REPORT comes only once every extension asked for the next event, so the
 * extension's flush is done), and the extension's lines are the evidence of a flush that failed.
 */
final class LiveLog implements LogSink {
  /** One line as the local Lambda gave it. */
  record Line(String function, String source, String text) {}

  private final List<Line> lines = new ArrayList<>();

  @Override
  public synchronized void line(String function, String source, String line) {
    lines.add(new Line(function, source, line));
    notifyAll();
  }

  /** The request id of the first invocation of {@code function} that started, waiting until {@code deadlineNanos}. */
  synchronized String awaitStart(String function, long deadlineNanos) throws InterruptedException {
    Line start = await(l -> l.function().equals(function) && l.source().equals("platform")
        && l.text().startsWith("START RequestId: "), deadlineNanos);
    if (start == null) {
      return null;
    }
    String rest = start.text().substring("START RequestId: ".length());
    int space = rest.indexOf(' ');
    return space < 0 ? rest.trim() : rest.substring(0, space);
  }

  /** Whether the invocation's REPORT line came before {@code deadlineNanos}. */
  synchronized boolean awaitReport(String function, String requestId, long deadlineNanos)
      throws InterruptedException {
    return await(l -> l.function().equals(function) && l.source().equals("platform")
        && l.text().startsWith("REPORT RequestId: " + requestId), deadlineNanos) != null;
  }

  /** The lines of the function's extensions so far. */
  synchronized List<String> extensionLines(String function) {
    List<String> out = new ArrayList<>();
    for (Line l : lines) {
      if (l.function().equals(function) && l.source().startsWith("extension:")) {
        out.add(l.text());
      }
    }
    return out;
  }

  /** Every line so far, as {@code farol up} prints them (for a run that went wrong). */
  synchronized List<Line> all() {
    return List.copyOf(lines);
  }

  private Line await(Predicate<Line> match, long deadlineNanos) throws InterruptedException {
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        if (match.test(lines.get(seen))) {
          return lines.get(seen);
        }
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
