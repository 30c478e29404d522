package dev.torc.store;

import java.time.Instant;

/**
 * A Slurm allocation submitted for a workflow, as last seen.
 *
 * @param id the record's id
 * @param workflowId the workflow its workers run
 * @param schedulerId the scheduler configuration it was submitted with, or {@code null} once that
 *     configuration was deleted
 * @param schedulerName that configuration's name
 * @param slurmJobId Slurm's job id
 * @param state Slurm's job state as last seen, such as {@code PENDING}, {@code RUNNING} or {@code
 *     NODE_FAIL}
 * @param numNodes the nodes it asked for
 * @param submittedAt when it was submitted
 * @param startedAt when it started, or {@code null} while unknown
 * @param endedAt when it ended, or {@code null} while it is live
 */
public record AllocationRecord(
    long id,
    long workflowId,
    Long schedulerId,
    String schedulerName,
    String slurmJobId,
    String state,
    int numNodes,
    Instant submittedAt,
    Instant startedAt,
    Instant endedAt) {

  /** {@return whether it has not been seen to end} */
  public boolean live() {
    return endedAt == null;
  }
}
