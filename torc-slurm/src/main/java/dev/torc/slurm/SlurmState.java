package dev.torc.slurm;

import java.util.Locale;

/**
 * A Slurm job's state as {@code squeue} and {@code sacct} report it, classified by the state (not
 * by the exit code, which Slurm reports differently for the same cause).
 */
public enum SlurmState {
  PENDING(false),
  CONFIGURING(false),
  RUNNING(false),
  COMPLETING(false),
  SUSPENDED(false),
  REQUEUED(false),
  RESIZING(false),
  COMPLETED(true),
  FAILED(true),
  CANCELLED(true),
  TIMEOUT(true),
  OUT_OF_MEMORY(true),
  NODE_FAIL(true),
  PREEMPTED(true),
  BOOT_FAIL(true),
  DEADLINE(true),
  /** A state this code does not know; treated as still live. */
  UNKNOWN(false);

  private final boolean ended;

  SlurmState(boolean ended) {
    this.ended = ended;
  }

  /** Whether the job has ended, successfully or not. */
  public boolean ended() {
    return ended;
  }

  /** Whether the job ended with its resources taken away from under it (node, preemption). */
  public boolean lostResources() {
    return this == NODE_FAIL || this == PREEMPTED || this == BOOT_FAIL;
  }

  /**
   * The state in Slurm's words: {@code CANCELLED by 0} is {@link #CANCELLED}, {@code OOM} and
   * {@code OUT_OF_ME+} (a truncated column) are {@link #OUT_OF_MEMORY}, squeue's short codes
   * ({@code PD}, {@code R}, {@code CG}, ...) are understood too.
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
