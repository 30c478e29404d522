package dev.torc.sdk;

import dev.torc.TorcException;

/**
 * A change refused because runners are running the workflow (deleting or reinitializing it); cancel
 * the workflow first, or ask for the change to cancel it. Nothing was changed.
 */
public class WorkflowRunningException extends TorcException {
  private static final long serialVersionUID = 1L;

  public WorkflowRunningException(String message) {
    super(message);
  }
}
