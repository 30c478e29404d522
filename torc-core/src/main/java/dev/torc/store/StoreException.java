package dev.torc.store;

import dev.torc.TorcException;

/** Thrown when the store cannot do what was asked: not found, unreadable, or a database error. */
public class StoreException extends TorcException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with this message.
   *
   * @param message what the store could not do, and why
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * An exception with this message and cause.
   *
   * @param message what the store could not do, and why
   * @param cause the error that stopped it, such as a database error
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
