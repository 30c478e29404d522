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

    public Builder jobIds(List<Long> jobIds) {
      this.jobIds = jobIds;
      return this;
    }

    public Builder runId(Integer runId) {
      this.runId = runId;
      return this;
    }

    public Builder allRuns(boolean allRuns) {
      this.allRuns = allRuns;
      return this;
    }

    public Builder returnCode(Integer returnCode) {
      this.returnCode = returnCode;
      return this;
    }

    public Builder failedOnly(boolean failedOnly) {
      this.failedOnly = failedOnly;
      return this;
    }

    public Builder status(JobStatus status) {
      this.status = status;
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public Builder offset(int offset) {
      this.offset = offset;
      return this;
    }

    public Builder sortBy(String sortBy) {
      this.sortBy = sortBy;
      return this;
    }

    public Builder reverse(boolean reverse) {
      this.reverse = reverse;
      return this;
    }

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
