package dev.torc.model;

import dev.torc.TorcException;

/** Thrown when a job would move between two statuses that the status table does not connect. */
public class IllegalTransitionException extends TorcException {
  private static final long serialVersionUID = 1L;

  /** The job's status before the refused move. */
  private final JobStatus from;

  /** The status the job would have moved to. */
  private final JobStatus to;

  /**
   * A refused move between two statuses.
   *
   * @param from the job's current status
   * @param to the status it would have moved to
   */
  public IllegalTransitionException(JobStatus from, JobStatus to) {
    super("illegal job status transition " + from.label() + " -> " + to.label());
    this.from = from;
    this.to = to;
  }

  /** {@return the job's status before the refused move} */
  public JobStatus from() {
    return from;
  }

  /** {@return the status the job would have moved to} */
  public JobStatus to() {
    return to;
  }
}
