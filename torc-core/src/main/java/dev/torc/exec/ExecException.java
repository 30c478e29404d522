package dev.torc.exec;

import dev.torc.TorcException;

/** Thrown when a job cannot be started or signalled, or when this machine lacks what it takes. */
public class ExecException extends TorcException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with this message.
   *
   * @param message what could not be done, and why
   */
  public ExecException(String message) {
    super(message);
  }

  /**
   * An exception with this message and cause.
   *
   * @param message what could not be done, and why
   * @param cause the error that stopped it
   */
  public ExecException(String message, Throwable cause) {
    super(message, cause);
  }
}
