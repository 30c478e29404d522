package dev.torc.store;

import dev.torc.TorcException;

/** Thrown when the store cannot do what was asked: not found, unreadable, or a database error. */
public class StoreException extends TorcException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
