package dev.torc.store;

import java.util.List;

/** A workflow's log of what happened, oldest first. Part of {@link WorkflowStore}. */
public interface EventLog {
  /** Appends to the workflow's event log. */
  void addEvent(long workflowId, Long jobId, String kind, String message);

  /** The workflow's event log, oldest first. */
  List<WorkflowEvent> listEvents(long workflowId);
}
