package dev.torc.store;

import dev.torc.model.JobStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A workflow's actions and the record of their firings, which makes each firing happen once. Part
 * of {@link WorkflowStore}.
 */
public interface ActionLedger {
  /**
   * The workflow's actions in the order of its spec, each with the ids of the jobs it waits for.
   *
   * @param workflowId the workflow
   * @return the actions
   */
  List<StoredAction> listActions(long workflowId);

  /**
   * How many of these jobs are in each status.
   *
   * @param workflowId the workflow the jobs belong to
   * @param jobIds the jobs to count
   * @return the number of jobs by status; statuses with none are left out
   */
  Map<JobStatus, Integer> countJobsByStatus(long workflowId, Collection<Long> jobIds);

  /**
   * Claims a firing of an action and records it, with an {@code action_fired} event, in one
   * transaction: of every caller that claims the same (workflow, action, run, runner), in this
   * process or another, exactly one gets {@code true}, and a claim recorded once is never given
   * again.
   *
   * @param workflowId the workflow
   * @param actionIndex the action's position in {@link #listActions(long)}
   * @param runId the workflow's run
   * @param runnerId for a persistent action the runner that fires it, for any other 0
   * @param message what fired, for the event log
   * @return whether this caller claimed the firing (false when it was claimed before)
   * @throws StoreException when there is no such workflow or action
   */
  boolean claimActionFiring(
      long workflowId, int actionIndex, int runId, long runnerId, String message);

  /**
   * Every firing of the workflow's actions.
   *
   * @param workflowId the workflow
   * @return the firings, oldest first
   */
  List<ActionFiring> listActionFirings(long workflowId);
}
