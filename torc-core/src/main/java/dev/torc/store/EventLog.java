package dev.torc.store;

import java.util.List;

/** A workflow's log of what happened, oldest first. Part of {@link WorkflowStore}. */
public interface EventLog {
  /**
   * Appends to the workflow's event log.
   *
   * @param workflowId the workflow
   * @param jobId the job the event concerns, or {@code null}
   * @param kind a short machine-readable kind, such as {@code job_completed}
   * @param message what happened, in words
   */
  void addEvent(long workflowId, Long jobId, String kind, String message);

  /**
   * The workflow's event log.
   *
   * @param workflowId the workflow
   * @return its events, oldest first
   */
  List<WorkflowEvent> listEvents(long workflowId);
}
