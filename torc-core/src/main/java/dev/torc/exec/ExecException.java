package dev.torc.exec;

import dev.torc.TorcException;

/** Thrown when a job cannot be started or signalled, or when this machine lacks what it takes. */
public class ExecException extends TorcException {
  private static final long serialVersionUID = 1L;

  public ExecException(String message) {
    super(message);
  }

  public ExecException(String message, Throwable cause) {
    super(message, cause);
  }
}
