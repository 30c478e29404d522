package dev.torc.model;

import dev.torc.TorcException;

/** Thrown by a {@link JavaTask} to fail its job with a chosen exit code. */
public class TaskFailure extends TorcException {
  private static final long serialVersionUID = 1L;

  /** The exit code the job fails with, never 0. */
  private final int exitCode;

  /**
   * A failure with this exit code.
   *
   * @param exitCode the job's exit code, not 0
   * @param message why the task failed
   * @throws IllegalArgumentException when the exit code is 0
   */
  public TaskFailure(int exitCode, String message) {
    super(message);
    if (exitCode == 0) {
      throw new IllegalArgumentException("a failure needs a non-zero exit code");
    }
    this.exitCode = exitCode;
  }

  /** {@return the exit code the job fails with, never 0} */
  public int exitCode() {
    return exitCode;
  }
}
