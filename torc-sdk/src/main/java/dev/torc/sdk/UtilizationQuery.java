package dev.torc.sdk;

/**
 * What {@link Torc#resourceUtilization} analyzes.
 *
 * @param workflowId the workflow
 * @param runId the run (default: the workflow's current run)
 * @param all list every job, not only those over or under their request or likely OOM/timeout
 * @param includeFailed also analyze attempts that did not complete
 */
public record UtilizationQuery(long workflowId, Integer runId, boolean all, boolean includeFailed) {
  public UtilizationQuery {
    if (runId != null && runId < 1) {
      throw new InvalidRequestException("run id must be at least 1, was " + runId);
    }
  }
}
