package dev.torc.sdk;

import dev.torc.model.JobStatus;
import dev.torc.store.WorkflowRecord;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many of a workflow's jobs are in each status.
 *
 * @param workflow the workflow
 * @param counts jobs by status (statuses without jobs may be missing)
 */
public record WorkflowStatus(WorkflowRecord workflow, Map<JobStatus, Integer> counts)
    implements JsonView {
  /**
   * Copies the counts.
   *
   * @param workflow the workflow
   * @param counts jobs by status (statuses without jobs may be missing)
   */
  public WorkflowStatus {
    counts = counts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(counts));
  }

  /**
   * How many jobs are in this status.
   *
   * @param status the status
   * @return the count, 0 when none
   */
  public int count(JobStatus status) {
    return counts.getOrDefault(status, 0);
  }

  /**
   * How many jobs the workflow has.
   *
   * @return the count
   */
  public int totalJobs() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Whether every job is in a terminal status.
   *
   * @return whether no job is left to run
   */
  public boolean complete() {
    return counts.entrySet().stream().allMatch(e -> e.getKey().isTerminal() || e.getValue() == 0);
  }

  /**
   * Every status with its count, 0 included, in the order of {@link JobStatus}.
   *
   * @return the counts by status label
   */
  public Map<String, Object> countsByLabel() {
    Map<String, Object> byStatus = new LinkedHashMap<>();
    for (JobStatus status : JobStatus.values()) {
      byStatus.put(status.label(), count(status));
    }
    return byStatus;
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflow.id());
    json.put("name", workflow.name());
    json.put("run_id", workflow.runId());
    json.put("total_jobs", totalJobs());
    json.put("is_complete", complete());
    json.put("job_counts", countsByLabel());
    return json;
  }
}
