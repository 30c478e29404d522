package dev.torc.slurm;

import java.util.Locale;

/**
 * A Slurm job's state as {@code squeue} and {@code sacct} report it, classified by the state (not
 * by the exit code, which Slurm reports differently for the same cause).
 */
public enum SlurmState {
  /** Waiting for resources or priority. */
  PENDING(false),
  /** Given resources that are being set up. */
  CONFIGURING(false),
  /** Running. */
  RUNNING(false),
  /** Ending: processes on some nodes are still being stopped. */
  COMPLETING(false),
  /** Stopped for now, holding its resources. */
  SUSPENDED(false),
  /** Put back in the queue to run again. */
  REQUEUED(false),
  /** Changing size. */
  RESIZING(false),
  /** Ended with exit code 0 on every node. */
  COMPLETED(true),
  /** Ended with a non-zero exit code or another failure. */
  FAILED(true),
  /** Cancelled by a user or an administrator. */
  CANCELLED(true),
  /** Stopped at its time limit. */
  TIMEOUT(true),
  /** Stopped for using more memory than it asked for. */
  OUT_OF_MEMORY(true),
  /** Ended because a node it ran on failed. */
  NODE_FAIL(true),
  /** Ended to make room for another job. */
  PREEMPTED(true),
  /** Ended because a node could not boot. */
  BOOT_FAIL(true),
  /** Ended at its deadline. */
  DEADLINE(true),
  /** A state this code does not know; treated as still live. */
  UNKNOWN(false);

  private final boolean ended;

  SlurmState(boolean ended) {
    this.ended = ended;
  }

  /**
   * Whether the job has ended, successfully or not.
   *
   * @return true for a final state
   */
  public boolean ended() {
    return ended;
  }

  /**
   * Whether the job ended with its resources taken away from under it (node, preemption).
   *
   * @return true for {@link #NODE_FAIL}, {@link #PREEMPTED} and {@link #BOOT_FAIL}
   */
  public boolean lostResources() {
    return this == NODE_FAIL || this == PREEMPTED || this == BOOT_FAIL;
  }

  /**
   * The state in Slurm's words: {@code CANCELLED by 0} is {@link #CANCELLED}, {@code OOM} and
   * {@code OUT_OF_ME+} (a truncated column) are {@link #OUT_OF_MEMORY}, squeue's short codes
   * ({@code PD}, {@code R}, {@code CG}, ...) are understood too.
   *
   * @param text a state column of squeue or sacct
   * @return the state, {@link #UNKNOWN} for one this code does not know
   */
  public static SlurmState parse(String text) {
    if (text == null || text.isBlank()) {
      return UNKNOWN;
    }
    String word = text.strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
    return switch (word) {
      case "PD" -> PENDING;
      case "CF" -> CONFIGURING;
      case "R" -> RUNNING;
      case "CG" -> COMPLETING;
      case "S", "ST", "STOPPED" -> SUSPENDED;
      case "RQ", "RH", "REQUEUE_HOLD", "REQUEUE_FED" -> REQUEUED;
      case "RS", "SE", "SPECIAL_EXIT" -> RESIZING;
      case "CD" -> COMPLETED;
      case "F" -> FAILED;
      case "CA" -> CANCELLED;
      case "TO" -> TIMEOUT;
      case "OOM", "OUT_OF_ME+" -> OUT_OF_MEMORY;
      case "NF" -> NODE_FAIL;
      case "PR" -> PREEMPTED;
      case "BF" -> BOOT_FAIL;
      case "DL" -> DEADLINE;
      default -> {
        try {
          yield valueOf(word);
        } catch (IllegalArgumentException unknown) {
          yield UNKNOWN;
        }
      }
    };
  }
}
