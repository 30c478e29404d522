package dev.torc.sdk;

import dev.torc.model.JobStatus;
import java.util.List;
import java.util.Set;

/**
 * Which results {@link Torc#results} returns, in which order.
 *
 * @param workflowId the workflow
 * @param jobIds only these jobs (each must belong to the workflow), or {@code null} for all
 * @param runId only this run (default: the workflow's current run)
 * @param allRuns every run instead of one
 * @param returnCode only results with this return code, or {@code null}
 * @param failedOnly only results with a non-zero return code
 * @param status only results that ended in this status, or {@code null}
 * @param limit at most this many ({@value Page#DEFAULT_LIMIT} by default, {@value Page#MAX_LIMIT}
 *     at most)
 * @param offset skip this many first
 * @param sortBy a result field to sort by (see {@link #SORT_FIELDS}), or {@code null} for the order
 *     they were recorded
 * @param reverse reverse the order
 */
public record ResultQuery(
    long workflowId,
    List<Long> jobIds,
    Integer runId,
    boolean allRuns,
    Integer returnCode,
    boolean failedOnly,
    JobStatus status,
    int limit,
    int offset,
    String sortBy,
    boolean reverse) {

  /** The fields results can be sorted by: the JSON names of a result's fields. */
  public static final Set<String> SORT_FIELDS =
      Set.of(
          "job_id",
          "job_name",
          "run_id",
          "attempt_id",
          "return_code",
          "status",
          "exec_time_minutes",
          "completion_time",
          "peak_memory_bytes",
          "avg_memory_bytes",
          "peak_cpu_percent",
          "avg_cpu_percent");

  /**
   * Copies the job ids and checks the run, the page and the sort field.
   *
   * @param workflowId the workflow
   * @param jobIds only these jobs (each must belong to the workflow), or {@code null} for all
   * @param runId only this run (default: the workflow's current run)
   * @param allRuns every run instead of one
   * @param returnCode only results with this return code, or {@code null}
   * @param failedOnly only results with a non-zero return code
   * @param status only results that ended in this status, or {@code null}
   * @param limit at most this many ({@value Page#DEFAULT_LIMIT} by default, {@value Page#MAX_LIMIT}
   *     at most)
   * @param offset skip this many first
   * @param sortBy a result field to sort by (see {@link #SORT_FIELDS}), or {@code null} for the
   *     order they were recorded
   * @param reverse reverse the order
   */
  public ResultQuery {
    jobIds = jobIds == null ? null : List.copyOf(jobIds);
    if (allRuns && runId != null) {
      throw new InvalidRequestException("use either a run id or all runs, not both");
    }
    if (runId != null && runId < 1) {
      throw new InvalidRequestException("run id must be at least 1, was " + runId);
    }
    new Page(limit, offset);
    if (sortBy != null && !SORT_FIELDS.contains(sortBy)) {
      throw new InvalidRequestException(
          "cannot sort by '" + sortBy + "'; sort by one of " + String.join(", ", SORT_FIELDS));
    }
  }

  /**
   * A builder for a query of this workflow's results: the current run's, the first page, in the
   * order recorded.
   *
   * @param workflowId the workflow
   * @return a new builder
   */
  public static Builder workflow(long workflowId) {
    return new Builder(workflowId);
  }

  /** Builds a {@link ResultQuery}. */
  public static final class Builder {
    private final long workflowId;
    private List<Long> jobIds;
    private Integer runId;
    private boolean allRuns;
    private Integer returnCode;
    private boolean failedOnly;
    private JobStatus status;
    private int limit = Page.DEFAULT_LIMIT;
    private int offset;
    private String sortBy;
    private boolean reverse;

    private Builder(long workflowId) {
      this.workflowId = workflowId;
    }

    /**
     * Only these jobs (default: all).
     *
     * @param jobIds ids of the workflow's jobs, or {@code null} for all
     * @return this builder
     */
    public Builder jobIds(List<Long> jobIds) {
      this.jobIds = jobIds;
      return this;
    }

    /**
     * Only this run (default: the workflow's current run).
     *
     * @param runId the run, from 1, or {@code null}
     * @return this builder
     */
    public Builder runId(Integer runId) {
      this.runId = runId;
      return this;
    }

    /**
     * Every run instead of one (default: false).
     *
     * @param allRuns whether to include every run
     * @return this builder
     */
    public Builder allRuns(boolean allRuns) {
      this.allRuns = allRuns;
      return this;
    }

    /**
     * Only results with this return code (default: any).
     *
     * @param returnCode the return code, or {@code null}
     * @return this builder
     */
    public Builder returnCode(Integer returnCode) {
      this.returnCode = returnCode;
      return this;
    }

    /**
     * Only results with a non-zero return code (default: false).
     *
     * @param failedOnly whether to keep only those
     * @return this builder
     */
    public Builder failedOnly(boolean failedOnly) {
      this.failedOnly = failedOnly;
      return this;
    }

    /**
     * Only results that ended in this status (default: any).
     *
     * @param status the status, or {@code null}
     * @return this builder
     */
    public Builder status(JobStatus status) {
      this.status = status;
      return this;
    }

    /**
     * At most this many (default {@value Page#DEFAULT_LIMIT}).
     *
     * @param limit from 1 to {@value Page#MAX_LIMIT}
     * @return this builder
     */
    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    /**
     * Skip this many first (default 0).
     *
     * @param offset how many to skip
     * @return this builder
     */
    public Builder offset(int offset) {
      this.offset = offset;
      return this;
    }

    /**
     * The field to sort by (default: the order recorded).
     *
     * @param sortBy one of {@link ResultQuery#SORT_FIELDS}, or {@code null}
     * @return this builder
     */
    public Builder sortBy(String sortBy) {
      this.sortBy = sortBy;
      return this;
    }

    /**
     * Reverse the order (default: false).
     *
     * @param reverse whether to reverse it
     * @return this builder
     */
    public Builder reverse(boolean reverse) {
      this.reverse = reverse;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     */
    public ResultQuery build() {
      return new ResultQuery(
          workflowId,
          jobIds,
          runId,
          allRuns,
          returnCode,
          failedOnly,
          status,
          limit,
          offset,
          sortBy,
          reverse);
    }
  }
}
