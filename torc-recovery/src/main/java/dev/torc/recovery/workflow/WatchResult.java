package dev.torc.recovery.workflow;

import dev.torc.model.JobStatus;
import java.util.List;
import java.util.Map;

/**
 * How a {@link WorkflowWatch} ended.
 *
 * @param workflowId the workflow
 * @param outcome how it ended
 * @param counts the jobs by status at the end
 * @param passes the recovery passes it ran, in order
 */
public record WatchResult(
    long workflowId, Outcome outcome, Map<JobStatus, Integer> counts, List<RecoveryReport> passes) {

  /** How a watch ended. */
  public enum Outcome {
    /** Every job completed (or is disabled). */
    SUCCEEDED,
    /** Jobs failed and recovery was off. */
    FAILED,
    /** Jobs still failed after the last allowed recovery pass. */
    MAX_RETRIES_EXCEEDED,
    /** Jobs failed, but a recovery pass found none it could run again. */
    NOT_RECOVERABLE
  }

  /**
   * Checks the values.
   *
   * @param workflowId the workflow
   * @param outcome how it ended
   * @param counts the jobs by status at the end
   * @param passes the recovery passes it ran, in order
   */
  public WatchResult {
    counts = Map.copyOf(counts);
    passes = List.copyOf(passes);
  }

  /**
   * How many jobs are in this status at the end.
   *
   * @param status the status
   * @return how many jobs are in this status at the end
   */
  public int count(JobStatus status) {
    return counts.getOrDefault(status, 0);
  }
}
