package dev.torc.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * How a supervised job ended.
 *
 * @param exitCode the job's exit code as {@link JobProcess#exitCode()} reports it: 128 + the
 *     signal's number when a signal killed it
 * @param cause why it ended
 * @param signal the signal that killed it, inferred from an exit code above 128 as a shell does, or
 *     {@code null} when it exited with a code of its own
 * @param wallTime from start to exit
 * @param usage what its process tree used, or {@code null} when it was not monitored or ended
 *     before its first sample
 */
public record ProcessOutcome(
    int exitCode, Cause cause, Signal signal, Duration wallTime, UsageSummary usage) {

  /** The return code recorded for a job stopped at its runtime limit, as Slurm reports it. */
  public static final int TIMEOUT_RETURN_CODE = 152;

  /** The return code recorded for a job stopped at its memory limit, as Slurm reports it. */
  public static final int OOM_RETURN_CODE = 137;

  /** Why a job ended. */
  public enum Cause {
    /** It exited with a code of its own, zero or not. */
    EXITED,
    /** A signal torc did not send for a limit killed it: someone else's, or a cancellation. */
    SIGNALED,
    /** Torc stopped it at its runtime limit. */
    TIMEOUT,
    /** Torc killed it at its memory limit. */
    OOM_KILLED
  }

  /**
   * Checks that the cause and wall time are given.
   *
   * @param exitCode the job's exit code as {@link JobProcess#exitCode()} reports it: 128 + the
   *     signal's number when a signal killed it
   * @param cause why it ended
   * @param signal the signal that killed it, inferred from an exit code above 128 as a shell does,
   *     or {@code null} when it exited with a code of its own
   * @param wallTime from start to exit
   * @param usage what its process tree used, or {@code null} when it was not monitored or ended
   *     before its first sample
   */
  public ProcessOutcome {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(wallTime, "wallTime");
  }

  /**
   * {@return the return code to record: {@value #TIMEOUT_RETURN_CODE} for a timeout, {@value
   * #OOM_RETURN_CODE} for a memory-limit kill, the exit code otherwise}
   */
  public int returnCode() {
    return switch (cause) {
      case TIMEOUT -> TIMEOUT_RETURN_CODE;
      case OOM_KILLED -> OOM_RETURN_CODE;
      case EXITED, SIGNALED -> exitCode;
    };
  }

  /** {@return whether torc stopped the job at one of its limits} */
  public boolean hitLimit() {
    return cause == Cause.TIMEOUT || cause == Cause.OOM_KILLED;
  }
}
