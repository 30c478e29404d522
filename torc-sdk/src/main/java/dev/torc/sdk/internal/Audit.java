package dev.torc.sdk.internal;

import dev.torc.store.WorkflowStore;

/** Writes who asked for a change and why to a workflow's event log. */
public final class Audit {
  /** The kind of the events it writes. */
  public static final String KIND = "user_request";

  private Audit() {}

  /** Records that {@code actor} asked for {@code what} because of {@code reason}. */
  public static void record(
      WorkflowStore store, long workflowId, Long jobId, String what, String actor, String reason) {
    store.addEvent(
        workflowId,
        jobId,
        KIND,
        what
            + " by "
            + (actor == null || actor.isBlank() ? "unknown" : actor)
            + ": "
            + (reason == null || reason.isBlank() ? "no reason given" : reason));
  }
}
