package dev.torc.sdk;

import dev.torc.run.Reinitialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The new run {@link Torc#reinitialize} started, or for a dry run would start.
 *
 * @param workflowId the workflow
 * @param dryRun whether nothing changed
 * @param runId the new run's id
 * @param jobs the jobs that run again in it, with why
 */
public record Reinitialized(
    long workflowId, boolean dryRun, int runId, List<Reinitialization.Rerun> jobs)
    implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param dryRun whether nothing changed
   * @param runId the new run's id
   * @param jobs the jobs that run again in it, with why
   */
  public Reinitialized {
    jobs = List.copyOf(jobs);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("dry_run", dryRun);
    json.put("run_id", runId);
    json.put(
        "jobs",
        jobs.stream()
            .map(
                r -> {
                  Map<String, Object> job = new LinkedHashMap<>();
                  job.put("id", r.jobId());
                  job.put("name", r.name());
                  job.put("reason", r.reason());
                  return job;
                })
            .toList());
    return json;
  }
}
