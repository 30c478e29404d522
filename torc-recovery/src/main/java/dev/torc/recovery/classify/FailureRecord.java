package dev.torc.recovery.classify;

import dev.torc.model.JobStatus;
import java.time.Duration;
import java.util.Objects;

/**
 * What torc knows about one failed attempt, normalized so that policies, reports and agents read
 * the same facts. {@link FailureAnalyzer} builds it; a store keeps one per failed attempt so that
 * decisions made after a restart see the same history.
 *
 * @param jobId the job
 * @param jobName the job's name
 * @param runId the workflow run of the attempt
 * @param attemptId the attempt, starting at 1
 * @param status how the attempt ended ({@code failed} or {@code terminated})
 * @param exitCode the exit code; 128 + signal for a job killed by a signal
 * @param signal the signal that killed the job when the exit code is 129..192, else {@code null}
 * @param peakMemoryBytes peak memory of the attempt, or {@code null} when it was not sampled
 * @param memoryLimitBytes the memory the attempt requested
 * @param runtime how long the attempt ran
 * @param runtimeLimit the attempt's runtime limit
 * @param slurmState the state Slurm reported, or {@code null} for a local attempt
 * @param signature a short text shared by identical failures of different jobs: the stderr line
 *     that decided the cause, or else the last error line, with numbers, hex and paths blanked out;
 *     {@code exit <code>} when there was no stderr
 * @param cause the cause
 * @param evidence why the cause was chosen, in words (for a classification, the matching line)
 * @param confidence how sure the analysis is, 0 to 1; 0 for {@link FailureCause#UNKNOWN}
 */
public record FailureRecord(
    long jobId,
    String jobName,
    int runId,
    int attemptId,
    JobStatus status,
    int exitCode,
    Integer signal,
    Long peakMemoryBytes,
    long memoryLimitBytes,
    Duration runtime,
    Duration runtimeLimit,
    String slurmState,
    String signature,
    FailureCause cause,
    String evidence,
    double confidence) {

  /** The largest signal number Linux has (SIGRTMAX). */
  public static final int MAX_SIGNAL = 64;

  /**
   * Checks the values.
   *
   * @param jobId the job
   * @param jobName the job's name
   * @param runId the workflow run of the attempt
   * @param attemptId the attempt, starting at 1
   * @param status how the attempt ended ({@code failed} or {@code terminated})
   * @param exitCode the exit code; 128 + signal for a job killed by a signal
   * @param signal the signal that killed the job when the exit code is 129..192, else {@code null}
   * @param peakMemoryBytes peak memory of the attempt, or {@code null} when it was not sampled
   * @param memoryLimitBytes the memory the attempt requested
   * @param runtime how long the attempt ran
   * @param runtimeLimit the attempt's runtime limit
   * @param slurmState the state Slurm reported, or {@code null} for a local attempt
   * @param signature a short text shared by identical failures of different jobs: the stderr line
   *     that decided the cause, or else the last error line, with numbers, hex and paths blanked
   *     out; {@code exit <code>} when there was no stderr
   * @param cause the cause
   * @param evidence why the cause was chosen, in words (for a classification, the matching line)
   * @param confidence how sure the analysis is, 0 to 1; 0 for {@link FailureCause#UNKNOWN}
   */
  public FailureRecord {
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(runtimeLimit, "runtimeLimit");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(cause, "cause");
    evidence = Objects.requireNonNullElse(evidence, "");
    if (attemptId < 1) {
      throw new IllegalArgumentException("attempt ids start at 1, was " + attemptId);
    }
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
    }
  }

  /**
   * The signal an exit code reports: {@code code - 128} for codes 129 to 128 + {@value
   * #MAX_SIGNAL}, else {@code null}.
   *
   * @param exitCode the exit code
   * @return the signal an exit code reports: {@code code - 128} for codes 129 to 128 + {@value
   *     #MAX_SIGNAL}, else {@code null}
   */
  public static Integer signalOf(int exitCode) {
    return exitCode > 128 && exitCode <= 128 + MAX_SIGNAL ? exitCode - 128 : null;
  }

  /**
   * A copy with another cause, evidence and confidence (as after a person classified it).
   *
   * @param newCause the new cause
   * @param newEvidence the new evidence
   * @param newConfidence the new confidence, 0 to 1
   * @return a copy with another cause, evidence and confidence (as after a person classified it)
   */
  public FailureRecord withCause(FailureCause newCause, String newEvidence, double newConfidence) {
    return new FailureRecord(
        jobId,
        jobName,
        runId,
        attemptId,
        status,
        exitCode,
        signal,
        peakMemoryBytes,
        memoryLimitBytes,
        runtime,
        runtimeLimit,
        slurmState,
        signature,
        newCause,
        newEvidence,
        newConfidence);
  }
}
