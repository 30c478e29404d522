package dev.torc.testkit;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.model.Memory;
import java.time.Duration;
import java.util.Objects;

/**
 * How one simulated attempt ends.
 *
 * @param exitCode 0 for success
 * @param runtime how long the attempt runs, or {@code null} for the default: the job's runtime
 *     limit for a timeout, {@link #DEFAULT_RUNTIME} otherwise
 * @param peakMemoryBytes the attempt's peak memory, or {@code null} when not sampled
 * @param stderr what the attempt writes to standard error
 * @param slurmState the Slurm state reported for the attempt, or {@code null}
 */
public record Outcome(
    int exitCode, Duration runtime, Long peakMemoryBytes, String stderr, String slurmState) {

  /** How long an attempt runs unless its outcome says otherwise. */
  public static final Duration DEFAULT_RUNTIME = Duration.ofMinutes(1);

  /**
   * Checks the values.
   *
   * @param exitCode 0 for success
   * @param runtime how long the attempt runs, or {@code null} for the default: the job's runtime
   *     limit for a timeout, {@link #DEFAULT_RUNTIME} otherwise
   * @param peakMemoryBytes the attempt's peak memory, or {@code null} when not sampled
   * @param stderr what the attempt writes to standard error
   * @param slurmState the Slurm state reported for the attempt, or {@code null}
   */
  public Outcome {
    stderr = Objects.requireNonNullElse(stderr, "");
    if (runtime != null && (runtime.isNegative() || runtime.isZero())) {
      throw new IllegalArgumentException("an attempt's runtime must be positive");
    }
  }

  /**
   * The attempt succeeds.
   *
   * @return the attempt succeeds
   */
  public static Outcome success() {
    return new Outcome(0, null, null, "", null);
  }

  /**
   * The attempt exits with this code and no stderr.
   *
   * @param code the exit code
   * @return the attempt exits with this code and no stderr
   */
  public static Outcome exit(int code) {
    return new Outcome(code, null, null, "", null);
  }

  /**
   * The attempt exits with this code after writing this stderr.
   *
   * @param code the exit code
   * @param stderr the standard error text
   * @return the attempt exits with this code after writing this stderr
   */
  public static Outcome exit(int code, String stderr) {
    return new Outcome(code, null, null, stderr, null);
  }

  /**
   * The attempt fails with exit code 1 after writing this stderr.
   *
   * @param stderr the standard error text
   * @return the attempt fails with exit code 1 after writing this stderr
   */
  public static Outcome error(String stderr) {
    return exit(1, stderr);
  }

  /**
   * The attempt is killed (exit 137) after its memory peaked at the given amount.
   *
   * @param peak the measured peak
   * @return the attempt is killed (exit 137) after its memory peaked at the given amount
   */
  public static Outcome oom(Memory peak) {
    return new Outcome(ResourceDiagnosis.EXIT_SIGKILL, null, peak.bytes(), "Killed", null);
  }

  /**
   * The attempt is killed at its walltime (exit 152), after running its whole runtime limit.
   *
   * @return the attempt is killed at its walltime (exit 152), after running its whole runtime limit
   */
  public static Outcome timeout() {
    return new Outcome(ResourceDiagnosis.EXIT_SIGXCPU, null, null, "", null);
  }

  /**
   * Slurm preempts the attempt (state PREEMPTED, exit 143).
   *
   * @return the outcome
   */
  public static Outcome preempted() {
    return new Outcome(143, null, null, "", "PREEMPTED");
  }

  /**
   * The attempt's node fails (state NODE_FAIL, exit 1).
   *
   * @return the attempt's node fails (state NODE_FAIL, exit 1)
   */
  public static Outcome nodeFail() {
    return new Outcome(1, null, null, "", "NODE_FAIL");
  }

  /**
   * This outcome after running for the given time.
   *
   * @param time the time
   * @return this outcome after running for the given time
   */
  public Outcome after(Duration time) {
    return new Outcome(exitCode, time, peakMemoryBytes, stderr, slurmState);
  }

  /**
   * Whether the attempt succeeds.
   *
   * @return whether the attempt succeeds
   */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /**
   * Whether the attempt is a walltime kill.
   *
   * @return whether the attempt is a walltime kill
   */
  public boolean isTimeout() {
    return exitCode == ResourceDiagnosis.EXIT_SIGXCPU;
  }
}
