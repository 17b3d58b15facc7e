package dev.farol.server.store;

/** The store could not do what was asked; nothing of the request was kept. */
public final class StoreException extends Exception {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
