package dev.torc.recovery.classify;

import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.util.Objects;

/**
 * The raw facts about one failed attempt that {@link FailureAnalyzer} and {@link
 * FailureClassifier}s read.
 *
 * @param job the job as stored when the attempt ended; its requirements are those the attempt ran
 *     with
 * @param result the attempt's result
 * @param stderrTail the end of the attempt's standard error, or {@code ""} when there is none
 * @param slurmState the state Slurm reported for the attempt (such as {@code PREEMPTED}), or {@code
 *     null} for a local attempt
 * @param stdoutTail the end of the attempt's standard output, or {@code ""} when there is none
 */
public record FailedAttempt(
    JobRecord job, JobResult result, String stderrTail, String slurmState, String stdoutTail) {

  /**
   * Checks the values; missing texts read as empty.
   *
   * @param job the job as stored when the attempt ended; its requirements are those the attempt ran
   *     with
   * @param result the attempt's result
   * @param stderrTail the end of the attempt's standard error, or {@code ""} when there is none
   * @param slurmState the state Slurm reported for the attempt (such as {@code PREEMPTED}), or
   *     {@code null} for a local attempt
   * @param stdoutTail the end of the attempt's standard output, or {@code ""} when there is none
   */
  public FailedAttempt {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(result, "result");
    stderrTail = Objects.requireNonNullElse(stderrTail, "");
    stdoutTail = Objects.requireNonNullElse(stdoutTail, "");
    if (slurmState != null && slurmState.isBlank()) {
      slurmState = null;
    }
    if (result.jobId() != job.id()) {
      throw new IllegalArgumentException(
          "result of job " + result.jobId() + " given for job " + job.id());
    }
  }

  /**
   * An attempt without its standard output.
   *
   * @param job the job
   * @param result the attempt's result
   * @param stderrTail the last lines of standard error
   * @param slurmState Slurm's state of the job, or null
   */
  public FailedAttempt(JobRecord job, JobResult result, String stderrTail, String slurmState) {
    this(job, result, stderrTail, slurmState, "");
  }

  /**
   * A local attempt: no Slurm state, no standard output.
   *
   * @param job the job
   * @param result the attempt's result
   * @param stderrTail the last lines of standard error
   * @return a local attempt: no Slurm state, no standard output
   */
  public static FailedAttempt of(JobRecord job, JobResult result, String stderrTail) {
    return new FailedAttempt(job, result, stderrTail, null, "");
  }

  /**
   * A local attempt with the ends of both its logs.
   *
   * @param job the job
   * @param result the attempt's result
   * @param stderrTail the last lines of standard error
   * @param stdoutTail the last lines of standard output
   * @return a local attempt with the ends of both its logs
   */
  public static FailedAttempt of(
      JobRecord job, JobResult result, String stderrTail, String stdoutTail) {
    return new FailedAttempt(job, result, stderrTail, null, stdoutTail);
  }
}
