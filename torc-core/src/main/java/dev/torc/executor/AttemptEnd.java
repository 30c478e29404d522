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
 */
public record AttemptEnd(
    int returnCode, boolean timedOut, Duration wallTime, UsageSummary usage, String note) {

  /**
   * An attempt lost through no fault of the job: the resources it ran on were taken away (a node
   * failed, the attempt was preempted, or the executor lost track of it). The runner settles it as
   * it settles the attempts of a lost runner or allocation: the job becomes ready again as its next
   * attempt, without consulting its failure handler, so no {@code max_retries} retry is used.
   *
   * @param reason what happened, for the event log
   */
  public static AttemptEnd lost(Duration wallTime, UsageSummary usage, String reason) {
    return new AttemptEnd(JobResult.LOST_RETURN_CODE, false, wallTime, usage, reason);
  }

  /** Whether the attempt was {@linkplain #lost lost} rather than ended by the job. */
  public boolean lost() {
    return returnCode == JobResult.LOST_RETURN_CODE;
  }
}
