package dev.torc.store;

import java.util.Objects;

/**
 * What the analysis of one failed attempt found, as a store keeps it ({@code torc jobs failures}).
 * A plain copy of {@code dev.torc.recovery.classify.FailureRecord}, so that core needs no recovery
 * code.
 *
 * @param workflowId the workflow
 * @param jobId the job
 * @param runId the run of the attempt
 * @param attemptId the attempt
 * @param cause the cause's label, such as {@code oom}, {@code timeout} or {@code transient}
 * @param signature the failure's signature, or {@code null}
 * @param evidence why the cause was chosen, or {@code null}
 * @param confidence how sure the analysis is, 0 to 1
 * @param exitCode the exit code
 * @param signal the signal that killed the attempt, or {@code null}
 * @param peakMemoryBytes peak memory, or {@code null} when not sampled
 * @param memoryLimitBytes the memory the attempt requested, or {@code null}
 * @param runtimeSeconds how long the attempt ran, or {@code null}
 * @param runtimeLimitSeconds the attempt's runtime limit, or {@code null}
 * @param slurmState the state Slurm reported, or {@code null}
 */
public record FailureInfo(
    long workflowId,
    long jobId,
    int runId,
    int attemptId,
    String cause,
    String signature,
    String evidence,
    double confidence,
    int exitCode,
    Integer signal,
    Long peakMemoryBytes,
    Long memoryLimitBytes,
    Double runtimeSeconds,
    Double runtimeLimitSeconds,
    String slurmState) {

  /**
   * Checks that the cause is given.
   *
   * @param workflowId the workflow
   * @param jobId the job
   * @param runId the run of the attempt
   * @param attemptId the attempt
   * @param cause the cause's label, such as {@code oom}, {@code timeout} or {@code transient}
   * @param signature the failure's signature, or {@code null}
   * @param evidence why the cause was chosen, or {@code null}
   * @param confidence how sure the analysis is, 0 to 1
   * @param exitCode the exit code
   * @param signal the signal that killed the attempt, or {@code null}
   * @param peakMemoryBytes peak memory, or {@code null} when not sampled
   * @param memoryLimitBytes the memory the attempt requested, or {@code null}
   * @param runtimeSeconds how long the attempt ran, or {@code null}
   * @param runtimeLimitSeconds the attempt's runtime limit, or {@code null}
   * @param slurmState the state Slurm reported, or {@code null}
   */
  public FailureInfo {
    Objects.requireNonNull(cause, "cause");
  }
}
