package dev.torc.executor;

import dev.torc.exec.UsageSummary;
import dev.torc.store.JobResult;
import java.time.Duration;

/**
 * How an attempt ended.
 *
 * @param returnCode the code to record (152 for a timeout, 137 for a memory kill, {@link
 *     JobResult#LOST_RETURN_CODE} for a {@linkplain #lost() lost} attempt)
 * @param timedOut whether it was stopped at its runtime limit
 * @param wallTime how long it ran
 * @param usage what it used, or {@code null} when not sampled
 * @param note why torc ended it, for the log and events, or {@code null}
 * @param lost whether the attempt was lost through no fault of the job ({@link #lost(Duration,
 *     UsageSummary, String)}); a return code alone never says so
 */
public record AttemptEnd(
    int returnCode,
    boolean timedOut,
    Duration wallTime,
    UsageSummary usage,
    String note,
    boolean lost) {

  /**
   * An attempt the job ended (it exited, or torc stopped it at a limit).
   *
   * @param returnCode the code to record
   * @param timedOut whether it was stopped at its runtime limit
   * @param wallTime how long it ran
   * @param usage what it used, or {@code null} when not sampled
   * @param note why torc ended it, or {@code null}
   */
  public AttemptEnd(
      int returnCode, boolean timedOut, Duration wallTime, UsageSummary usage, String note) {
    this(returnCode, timedOut, wallTime, usage, note, false);
  }

  /**
   * An attempt lost through no fault of the job: the resources it ran on were taken away (a node
   * failed, the attempt was preempted, or the executor lost track of it). The runner settles it as
   * it settles the attempts of a lost runner or allocation: the job becomes ready again as its next
   * attempt, without consulting its failure handler, so no {@code max_retries} retry is used.
   *
   * @param wallTime how long it ran before it was lost
   * @param usage what it used, or {@code null} when not known
   * @param reason what happened, for the event log
   * @return the lost attempt's end, recorded with {@link JobResult#LOST_RETURN_CODE}
   */
  public static AttemptEnd lost(Duration wallTime, UsageSummary usage, String reason) {
    return new AttemptEnd(JobResult.LOST_RETURN_CODE, false, wallTime, usage, reason, true);
  }
}
