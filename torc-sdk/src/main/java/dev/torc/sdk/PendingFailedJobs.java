package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's jobs awaiting classification.
 *
 * @param workflowId the workflow
 * @param count how many there are
 * @param jobs the first {@value Torc#MAX_LISTED_JOBS}, in id order, each with its stderr tail
 */
public record PendingFailedJobs(long workflowId, int count, List<Job> jobs) implements JsonView {
  /** What the original torc tells an agent to do with the list. */
  public static final String GUIDANCE =
      "Analyze the stderr output to classify each failure: transient errors (network, timeouts,"
          + " node or hardware failures, preemption) should be retried; permanent errors (bugs,"
          + " bad input, syntax errors) should fail. Use classify_and_resolve_failures with"
          + " action retry or fail and a reason, optionally with more memory or runtime for a"
          + " retry; try dry_run first.";

  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param count how many there are
   * @param jobs the first {@value Torc#MAX_LISTED_JOBS}, in id order, each with its stderr tail
   */
  public PendingFailedJobs {
    jobs = List.copyOf(jobs);
  }

  /**
   * One job awaiting classification.
   *
   * @param jobId the job
   * @param name its name
   * @param attemptId the attempt that failed
   * @param returnCode that attempt's return code, or {@code null} when none was recorded
   * @param stderrTail the last lines of that attempt's stderr ("" when there is none)
   */
  public record Job(long jobId, String name, int attemptId, Integer returnCode, String stderrTail) {
    /**
     * As JSON.
     *
     * @return the job with the original torc's field names
     */
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("job_id", jobId);
      json.put("name", name);
      json.put("return_code", returnCode);
      json.put("stderr_tail", stderrTail);
      return json;
    }
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("pending_failed_count", count);
    json.put("pending_failed_jobs", jobs.stream().map(Job::toJson).toList());
    json.put("guidance", GUIDANCE);
    return json;
  }
}
