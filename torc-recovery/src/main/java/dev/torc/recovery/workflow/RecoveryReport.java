package dev.torc.recovery.workflow;

import java.util.List;

/**
 * What one recovery pass did, or in a dry run would do.
 *
 * @param workflowId the workflow
 * @param dryRun whether nothing was changed
 * @param jobs every failed, terminated and pending_failed job of the current run, by id
 * @param hookRan whether the recovery hook ran
 * @param resetCount how many jobs were reset to run again, downstream jobs included; 0 in a dry run
 */
public record RecoveryReport(
    long workflowId, boolean dryRun, List<JobRecovery> jobs, boolean hookRan, int resetCount) {

  /**
   * Copies the lists.
   *
   * @param workflowId the workflow
   * @param dryRun whether nothing was changed
   * @param jobs every failed, terminated and pending_failed job of the current run, by id
   * @param hookRan whether the recovery hook ran
   * @param resetCount how many jobs were reset to run again, downstream jobs included; 0 in a dry
   *     run
   */
  public RecoveryReport {
    jobs = List.copyOf(jobs);
  }

  /**
   * The jobs with this action.
   *
   * @param action the action
   * @return the jobs with this action
   */
  public List<JobRecovery> withAction(JobRecovery.Action action) {
    return jobs.stream().filter(j -> j.action() == action).toList();
  }

  /**
   * How many jobs a heuristic with this label ({@code OOM}, {@code Timeout}) resized.
   *
   * @param label the label
   * @return how many jobs a heuristic with this label ({@code OOM}, {@code Timeout}) resized
   */
  public long fixes(String label) {
    return jobs.stream()
        .filter(j -> j.action() == JobRecovery.Action.RESIZE)
        .filter(j -> j.adjustments().stream().anyMatch(a -> a.label().equals(label)))
        .count();
  }

  /**
   * Whether any job runs (or would run) again.
   *
   * @return whether any job runs (or would run) again
   */
  public boolean recoverable() {
    return jobs.stream().anyMatch(j -> j.action().reruns());
  }
}
