package dev.torc.recovery.workflow;

import dev.torc.model.ResourceRequirements;
import java.util.List;
import java.util.Objects;

/**
 * What one recovery pass does (or, in a dry run, would do) with one failed job.
 *
 * @param failed the job with its diagnosis
 * @param action what happens to it
 * @param adjustments the heuristics' changes, in order; empty unless {@link Action#RESIZE} or
 *     {@link Action#OVER_LIMIT}
 * @param requirements the requirements it runs with next (the job's own unless resized), or what
 *     the heuristics asked for when over the limit
 * @param note why, for skipped and over-limit jobs; {@code null} otherwise
 */
public record JobRecovery(
    FailedJob failed,
    Action action,
    List<Adjustment> adjustments,
    ResourceRequirements requirements,
    String note) {

  /** What a recovery pass does with a failed job. */
  public enum Action {
    /** Runs again with new requirements. */
    RESIZE,
    /**
     * Runs again as it was (a transient, preempted or node failure, or an unknown one when asked).
     */
    RETRY,
    /**
     * Not run again: its failure is unknown or permanent and no heuristic applies, its failure
     * handler stopped it, or its cause's retries are used up. A {@code pending_failed} job moves to
     * {@code failed} in the last two cases and when its failure is permanent.
     */
    SKIP,
    /**
     * Fails: the heuristics would raise its request past what the machine (or partition) offers; a
     * {@code pending_failed} job moves to {@code failed}.
     */
    OVER_LIMIT;

    /**
     * Whether the job runs again.
     *
     * @return whether the job runs again
     */
    public boolean reruns() {
      return this == RESIZE || this == RETRY;
    }
  }

  /**
   * Checks the values.
   *
   * @param failed the job with its diagnosis
   * @param action what happens to it
   * @param adjustments the heuristics' changes, in order; empty unless {@link Action#RESIZE} or
   *     {@link Action#OVER_LIMIT}
   * @param requirements the requirements it runs with next (the job's own unless resized), or what
   *     the heuristics asked for when over the limit
   * @param note why, for skipped and over-limit jobs; {@code null} otherwise
   */
  public JobRecovery {
    Objects.requireNonNull(failed, "failed");
    Objects.requireNonNull(action, "action");
    adjustments = List.copyOf(adjustments);
    Objects.requireNonNull(requirements, "requirements");
  }

  /**
   * The job's id.
   *
   * @return the job's id
   */
  public long jobId() {
    return failed.job().id();
  }

  /**
   * The job's name.
   *
   * @return the job's name
   */
  public String jobName() {
    return failed.job().name();
  }
}
