package dev.torc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An attempt a runner launched for a job it had claimed: recorded by {@link
 * WorkflowStore#runnerPass}, which moves the job from pending to running.
 *
 * @param jobId the job
 * @param attempt where the attempt runs, as recorded with the claim
 * @param startedAt when it started
 */
public record AttemptStart(long jobId, AttemptRef attempt, Instant startedAt) {
  /**
   * Checks that the reference and the time are given.
   *
   * @param jobId the job
   * @param attempt where the attempt runs, as recorded with the claim
   * @param startedAt when it started
   */
  public AttemptStart {
    Objects.requireNonNull(attempt, "attempt");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
