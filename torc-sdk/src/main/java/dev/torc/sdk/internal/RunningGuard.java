package dev.torc.sdk.internal;

import dev.torc.run.LiveRunners;
import dev.torc.sdk.WorkflowRunningException;
import dev.torc.store.RunnerRecord;
import dev.torc.store.WorkflowStore;
import java.time.Duration;
import java.util.List;

/**
 * Keeps changes that would pull a workflow from under its runners (delete, reinitialize) away from
 * a workflow that runners are running, or cancels the workflow and waits for them to stop first.
 */
public final class RunningGuard {
  /** How long runners get to see a cancel and stop their jobs. */
  static final Duration STOP_WAIT = Duration.ofMinutes(2);

  private RunningGuard() {}

  /**
   * Returns when no live runner runs the workflow. With {@code cancelFirst} a workflow that runners
   * run is canceled, audited as {@code actor}'s request, and waited for until they stopped.
   *
   * @param change what would be done, for the message: {@code delete}, {@code reinitialize}
   * @throws WorkflowRunningException when runners run it and {@code cancelFirst} is false, or they
   *     did not stop within {@link #STOP_WAIT} of the cancel
   */
  public static void requireStopped(
      WorkflowStore store, long workflowId, String change, boolean cancelFirst, String actor) {
    List<RunnerRecord> alive = LiveRunners.of(store, workflowId);
    if (alive.isEmpty()) {
      return;
    }
    if (!cancelFirst) {
      throw new WorkflowRunningException(
          "cannot "
              + change
              + " workflow "
              + workflowId
              + ": "
              + LiveRunners.describe(alive)
              + (alive.size() == 1 ? " is" : " are")
              + " running it; stop the run first, or add --cancel to cancel the workflow, wait"
              + " for its runners to stop and then "
              + change
              + " it");
    }
    store.cancelWorkflow(workflowId);
    Audit.record(
        store, workflowId, null, "canceled the workflow", actor, "cancel before " + change);
    List<RunnerRecord> still = LiveRunners.awaitStopped(store, workflowId, STOP_WAIT);
    if (!still.isEmpty()) {
      throw new WorkflowRunningException(
          "canceled workflow "
              + workflowId
              + ", but "
              + LiveRunners.describe(still)
              + " did not stop within "
              + STOP_WAIT.toSeconds()
              + " s; nothing else was changed, "
              + change
              + " it once they stopped");
    }
  }
}
