package dev.torc.model;

import dev.torc.TorcException;

/** Thrown when a job would move between two statuses that the status table does not connect. */
public class IllegalTransitionException extends TorcException {
  private static final long serialVersionUID = 1L;

  private final JobStatus from;
  private final JobStatus to;

  public IllegalTransitionException(JobStatus from, JobStatus to) {
    super("illegal job status transition " + from.label() + " -> " + to.label());
    this.from = from;
    this.to = to;
  }

  public JobStatus from() {
    return from;
  }

  public JobStatus to() {
    return to;
  }
}
