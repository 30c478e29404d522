package dev.torc.store;

import dev.torc.model.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The outcome of one attempt of one job; unique per (job, run, attempt).
 *
 * @param jobId the job
 * @param workflowId the job's workflow
 * @param runId the workflow run the attempt belongs to
 * @param attemptId the attempt
 * @param returnCode the exit code; 128+signal for a job killed by a signal
 * @param status the status the attempt ended the job in
 * @param execTimeMinutes wall-clock time of the attempt
 * @param completionTime when the attempt ended
 * @param peakMemoryBytes peak memory of the job's process tree, or {@code null} if not sampled
 * @param avgMemoryBytes average memory, or {@code null}
 * @param peakCpuPercent peak CPU (100 per busy core), or {@code null}
 * @param avgCpuPercent average CPU, or {@code null}
 */
public record JobResult(
    long jobId,
    long workflowId,
    int runId,
    int attemptId,
    int returnCode,
    JobStatus status,
    double execTimeMinutes,
    Instant completionTime,
    Long peakMemoryBytes,
    Long avgMemoryBytes,
    Double peakCpuPercent,
    Double avgCpuPercent) {

  /** The return code of an attempt that was lost: its runner or its allocation ended under it. */
  public static final int LOST_RETURN_CODE = -1;

  /**
   * The result of an active attempt found lost: failed with {@link #LOST_RETURN_CODE}, its run time
   * counted from its start, no measurements.
   *
   * @param job the active job whose attempt was lost
   * @param workflowId the job's workflow
   * @param runId the workflow run the attempt belongs to
   * @param now when it was found lost; the result's completion time
   * @return the result
   */
  public static JobResult lost(ActiveJob job, long workflowId, int runId, Instant now) {
    double minutes =
        job.startedAt() == null ? 0 : Duration.between(job.startedAt(), now).toMillis() / 60_000.0;
    return new JobResult(
        job.jobId(),
        workflowId,
        runId,
        job.attemptId(),
        LOST_RETURN_CODE,
        JobStatus.FAILED,
        minutes,
        now,
        null,
        null,
        null,
        null);
  }

  /**
   * This attempt's number among the attempts the job itself ended in its run: earlier attempts lost
   * with their node, allocation or runner ({@link #LOST_RETURN_CODE}) do not count, so they never
   * use up a failure handler's {@code max_retries}.
   *
   * @param jobResults the job's results (others, and later attempts, are ignored)
   * @return the attempt id less the run's earlier lost attempts of the job
   */
  public int countedAttemptId(Collection<JobResult> jobResults) {
    long lost =
        jobResults.stream()
            .filter(r -> r.jobId() == jobId && r.runId() == runId && r.attemptId() < attemptId)
            .filter(r -> r.returnCode() == LOST_RETURN_CODE)
            .count();
    return attemptId - (int) lost;
  }
}
