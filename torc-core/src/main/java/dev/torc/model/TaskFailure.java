package dev.torc.model;

import dev.torc.TorcException;

/** Thrown by a {@link JavaTask} to fail its job with a chosen exit code. */
public class TaskFailure extends TorcException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public TaskFailure(int exitCode, String message) {
    super(message);
    if (exitCode == 0) {
      throw new IllegalArgumentException("a failure needs a non-zero exit code");
    }
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
