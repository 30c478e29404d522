package dev.torc.run;

import dev.torc.model.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run ended.
 *
 * @param workflowId the workflow
 * @param runId the workflow run
 * @param outcome the overall outcome
 * @param counts how many jobs ended in each status
 * @param jobs every job's final status, last return code and, for a job that did not succeed, why
 * @param startedAt when the runner started, or {@code null} when not known
 * @param endedAt when the runner stopped, or {@code null} when not known
 */
public record RunResult(
    long workflowId,
    int runId,
    Outcome outcome,
    Map<JobStatus, Integer> counts,
    List<JobOutcome> jobs,
    Instant startedAt,
    Instant endedAt) {

  /**
   * A result without start and end times.
   *
   * @param workflowId the workflow
   * @param runId the workflow run
   * @param outcome the overall outcome
   * @param counts how many jobs ended in each status
   * @param jobs every job's final status, last return code and, for a job that did not succeed, why
   */
  public RunResult(
      long workflowId,
      int runId,
      Outcome outcome,
      Map<JobStatus, Integer> counts,
      List<JobOutcome> jobs) {
    this(workflowId, runId, outcome, counts, jobs, null, null);
  }

  /** {@return how long the runner ran, or empty unless both times are known} */
  public Optional<Duration> duration() {
    return startedAt == null || endedAt == null
        ? Optional.empty()
        : Optional.of(Duration.between(startedAt, endedAt));
  }

  /**
   * The job with this name.
   *
   * @param name the job's name
   * @return its outcome, or empty when the workflow has no such job
   */
  public Optional<JobOutcome> job(String name) {
    return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
  }

  /** {@return the jobs that ended failed, canceled or terminated, or await classification} */
  public List<JobOutcome> unsuccessful() {
    return jobs.stream().filter(j -> j.failure() != null).toList();
  }

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
   * @param failure why the job did not succeed, for a job that failed, was canceled or terminated,
   *     or awaits classification; {@code null} for the others
   */
  public record JobOutcome(
      long jobId,
      String name,
      JobStatus status,
      int attemptId,
      Integer returnCode,
      FailureCause failure) {

    /**
     * An outcome without a failure cause.
     *
     * @param jobId the job
     * @param name its name
     * @param status its status
     * @param attemptId its last attempt
     * @param returnCode the last attempt's return code, or {@code null} if it never ran
     */
    public JobOutcome(
        long jobId, String name, JobStatus status, int attemptId, Integer returnCode) {
      this(jobId, name, status, attemptId, returnCode, null);
    }
  }

  /**
   * Why a job did not succeed.
   *
   * @param cause the cause's label from the last attempt's analysis, such as {@code oom}, {@code
   *     timeout}, {@code transient}, {@code permanent} or {@code unknown}; {@code canceled} for a
   *     job canceled because a job it waits for did not succeed (or the workflow was canceled)
   * @param evidence why that cause was chosen, or the last attempt's return code when the run's
   *     failure policy does not analyze failures; {@code null} when there is nothing to say
   */
  public record FailureCause(String cause, String evidence) {}

  /**
   * How many jobs are in a status.
   *
   * @param status the status
   * @return the number of jobs, 0 when none
   */
  public int count(JobStatus status) {
    return counts.getOrDefault(status, 0);
  }
}
