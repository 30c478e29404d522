package dev.torc.sdk;

import dev.torc.TorcException;

/**
 * A change refused because runners are running the workflow (deleting or reinitializing it); cancel
 * the workflow first, or ask for the change to cancel it. Nothing was changed.
 */
public class WorkflowRunningException extends TorcException {
  private static final long serialVersionUID = 1L;

  /**
   * A refused change.
   *
   * @param message what was refused and how to go on, in one line for the user
   */
  public WorkflowRunningException(String message) {
    super(message);
  }
}
