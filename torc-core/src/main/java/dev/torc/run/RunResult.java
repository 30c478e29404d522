package dev.torc.run;

import dev.torc.model.JobStatus;
import java.util.List;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param workflowId the workflow
 * @param runId the workflow run
 * @param outcome the overall outcome
 * @param counts how many jobs ended in each status
 * @param jobs every job's final status and last return code
 */
public record RunResult(
    long workflowId,
    int runId,
    Outcome outcome,
    Map<JobStatus, Integer> counts,
    List<JobOutcome> jobs) {

  /** The overall outcome of a run. */
  public enum Outcome {
    /** Every job completed (or is disabled). */
    COMPLETED,
    /** Some job failed, was canceled or terminated. */
    FAILED,
    /** Nothing failed outright, but jobs await classification in {@code pending_failed}. */
    AWAITING_CLASSIFICATION,
    /** The workflow was canceled while it ran. */
    CANCELED
  }

  /**
   * One job at the end of the run.
   *
   * @param jobId the job
   * @param name its name
   * @param status its status
   * @param attemptId its last attempt
   * @param returnCode the last attempt's return code, or {@code null} if it never ran
   */
  public record JobOutcome(
      long jobId, String name, JobStatus status, int attemptId, Integer returnCode) {}

  /** How many jobs are in this status. */
  public int count(JobStatus status) {
    return counts.getOrDefault(status, 0);
  }
}
