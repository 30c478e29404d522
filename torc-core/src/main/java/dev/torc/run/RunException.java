package dev.torc.run;

import dev.torc.TorcException;

/** Thrown when a workflow cannot be run as asked, such as a job that can never fit. */
public class RunException extends TorcException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with this message.
   *
   * @param message what cannot be done and why, in words a user acts on
   */
  public RunException(String message) {
    super(message);
  }
}
