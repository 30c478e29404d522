package dev.torc.sdk.internal;

import dev.torc.model.JobStatus;
import dev.torc.recovery.workflow.RecoveryReport;
import dev.torc.recovery.workflow.RightSized;
import dev.torc.recovery.workflow.WatchListener;
import dev.torc.store.WorkflowStore;
import java.util.List;
import java.util.Map;

/** Passes on what a watch hears, and records each recovery pass with who asked for it. */
public final class AuditedWatch implements WatchListener {
  private final WorkflowStore store;
  private final String actor;
  private final WatchListener listener;

  /**
   * @param listener hears everything, or {@code null}
   */
  public AuditedWatch(WorkflowStore store, String actor, WatchListener listener) {
    this.store = store;
    this.actor = actor;
    this.listener = listener != null ? listener : new WatchListener() {};
  }

  @Override
  public void watching(long workflowId) {
    listener.watching(workflowId);
  }

  @Override
  public void polled(long workflowId, Map<JobStatus, Integer> counts) {
    listener.polled(workflowId, counts);
  }

  @Override
  public void rightSized(long workflowId, List<RightSized> jobs) {
    listener.rightSized(workflowId, jobs);
  }

  @Override
  public void complete(long workflowId, Map<JobStatus, Integer> counts) {
    listener.complete(workflowId, counts);
  }

  @Override
  public void recovering(long workflowId, int attempt, int maxRetries) {
    Audit.record(
        store,
        workflowId,
        null,
        "watch recovery pass " + attempt + "/" + maxRetries,
        actor,
        "jobs failed");
    listener.recovering(workflowId, attempt, maxRetries);
  }

  @Override
  public void recovered(RecoveryReport report) {
    listener.recovered(report);
  }
}
