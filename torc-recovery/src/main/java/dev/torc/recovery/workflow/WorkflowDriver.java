package dev.torc.recovery.workflow;

/**
 * Makes a workflow progress for {@link WorkflowWatch}: runs its ready jobs on this machine until
 * none is left (and returns), or submits allocations to a cluster (and returns at once).
 */
@FunctionalInterface
public interface WorkflowDriver {

  /**
   * Makes the workflow progress; may block until it can make no more.
   *
   * @param workflowId the workflow
   */
  void drive(long workflowId);

  /**
   * A driver that does nothing: something else runs the workflow, the watch only polls.
   *
   * @return a driver that does nothing: something else runs the workflow, the watch only polls
   */
  static WorkflowDriver none() {
    return workflowId -> {};
  }
}
