package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a person asks first about a workflow.
 *
 * @param status its jobs by status
 * @param failed its failed, canceled and terminated jobs (capped)
 * @param resultsCount how many results (attempts) its current run recorded
 * @param totalExecTimeMinutes the execution time of those attempts, added up
 */
public record WorkflowSummary(
    WorkflowStatus status, FailedJobs failed, int resultsCount, double totalExecTimeMinutes)
    implements JsonView {

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", status.workflow().id());
    json.put("name", status.workflow().name());
    json.put("description", status.workflow().description());
    json.put("user", status.workflow().user());
    json.put("run_id", status.workflow().runId());
    json.put("total_jobs", status.totalJobs());
    json.put("job_counts", status.countsByLabel());
    json.put("is_complete", status.complete());
    json.put("failed_job_count", failed.count());
    json.put("failed_jobs", failed.jobs().stream().map(FailedJob::toJson).toList());
    json.put("pending_failed_count", status.count(dev.torc.model.JobStatus.PENDING_FAILED));
    json.put("results_count", resultsCount);
    // The original torc's names for what is above, for scripts written against it.
    json.put("workflow_name", status.workflow().name());
    json.put("workflow_user", status.workflow().user());
    json.put("jobs_by_status", status.countsByLabel());
    json.put("is_canceled", status.workflow().canceled());
    json.put("total_exec_time_minutes", totalExecTimeMinutes);
    json.put("total_exec_time_formatted", Formats.duration(totalExecTimeMinutes * 60));
    return json;
  }
}
