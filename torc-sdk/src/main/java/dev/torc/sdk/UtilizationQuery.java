package dev.torc.sdk;

/**
 * What {@link Torc#resourceUtilization} analyzes.
 *
 * @param workflowId the workflow
 * @param runId the run (default: the workflow's current run)
 * @param all list every job, not only those over or under their request or likely OOM/timeout
 * @param includeFailed also analyze attempts that did not complete
 * @param limit list at most this many jobs and violations (the counts cover all), or {@code null}
 *     for all
 */
public record UtilizationQuery(
    long workflowId, Integer runId, boolean all, boolean includeFailed, Integer limit) {
  /**
   * Checks the run and the limit.
   *
   * @param workflowId the workflow
   * @param runId the run (default: the workflow's current run)
   * @param all list every job, not only those over or under their request or likely OOM/timeout
   * @param includeFailed also analyze attempts that did not complete
   * @param limit list at most this many jobs and violations (the counts cover all), or {@code null}
   *     for all
   */
  public UtilizationQuery {
    if (runId != null && runId < 1) {
      throw new InvalidRequestException("run id must be at least 1, was " + runId);
    }
    if (limit != null && (limit < 1 || limit > Page.MAX_LIMIT)) {
      throw new InvalidRequestException(
          "limit must be between 1 and " + Page.MAX_LIMIT + ", was " + limit);
    }
  }

  /**
   * A query that lists every job it selects.
   *
   * @param workflowId the workflow
   * @param runId the run, or {@code null} for the workflow's current run
   * @param all list every job, not only those over or under their request or likely OOM/timeout
   * @param includeFailed also analyze attempts that did not complete
   */
  public UtilizationQuery(long workflowId, Integer runId, boolean all, boolean includeFailed) {
    this(workflowId, runId, all, includeFailed, null);
  }
}
