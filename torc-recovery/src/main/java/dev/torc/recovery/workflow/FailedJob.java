package dev.torc.recovery.workflow;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.util.Objects;

/**
 * A job of the workflow's current run that failed, was terminated or awaits classification, with
 * why, as {@link FailureDiagnosis} found it.
 *
 * @param job the job as it is now
 * @param result its latest attempt's result in the current run, or {@code null} when it has none
 * @param diagnosis the resource diagnosis of that attempt against the job's requirements ({@code
 *     torc reports check-resource-utilization} uses the same), or {@code null} without a result
 * @param cause the cause of the attempt's failure record (see {@link FailureDiagnosis}), or {@link
 *     FailureCause#UNKNOWN} without a result
 * @param evidence why the cause was chosen
 */
public record FailedJob(
    JobRecord job,
    JobResult result,
    ResourceDiagnosis diagnosis,
    FailureCause cause,
    String evidence) {

  /**
   * Checks the values.
   *
   * @param job the job as it is now
   * @param result its latest attempt's result in the current run, or {@code null} when it has none
   * @param diagnosis the resource diagnosis of that attempt against the job's requirements ({@code
   *     torc reports check-resource-utilization} uses the same), or {@code null} without a result
   * @param cause the cause of the attempt's failure record (see {@link FailureDiagnosis}), or
   *     {@link FailureCause#UNKNOWN} without a result
   * @param evidence why the cause was chosen
   */
  public FailedJob {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(evidence, "evidence");
  }

  /**
   * The failed attempt's measured peak memory, or {@code null} when it was not sampled.
   *
   * @return the failed attempt's measured peak memory, or {@code null} when it was not sampled
   */
  public Long peakMemoryBytes() {
    return result == null ? null : result.peakMemoryBytes();
  }
}
