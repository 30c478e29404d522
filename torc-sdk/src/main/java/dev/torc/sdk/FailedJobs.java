package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's failed, canceled and terminated jobs.
 *
 * @param workflowId the workflow
 * @param count how many there are
 * @param jobs the first {@value Torc#MAX_LISTED_JOBS} of them, in id order
 */
public record FailedJobs(long workflowId, int count, List<FailedJob> jobs) implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param count how many there are
   * @param jobs the first {@value Torc#MAX_LISTED_JOBS} of them, in id order
   */
  public FailedJobs {
    jobs = List.copyOf(jobs);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("failed_job_count", count);
    json.put("failed_jobs", jobs.stream().map(FailedJob::toJson).toList());
    return json;
  }
}
