package dev.farol.tracer;

/**
 * A span made current on this thread; closing it restores what was current before. Close scopes in
 * the reverse order of opening them (try-with-resources does).
 */
public final class Scope implements AutoCloseable {
  static final ThreadLocal<Span> CURRENT = new ThreadLocal<>();

  private final Span previous;
  private final Span span;
  private boolean closed;

  Scope(Span span) {
    this.previous = CURRENT.get();
    this.span = span;
    CURRENT.set(span);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (CURRENT.get() == span) {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
