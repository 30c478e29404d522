package dev.torc.sdk;

import dev.torc.model.Workflow;
import dev.torc.store.JobRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Torc#createWorkflow} created, or for a dry run validated.
 *
 * @param workflowId the new workflow's id, or {@code null} for a dry run
 * @param workflow the workflow as loaded and validated (with its owner)
 * @param dryRun whether nothing was stored
 * @param jobs the stored jobs when there are at most {@value #JOBS_LISTED}, else empty
 * @param plan the stages in which the jobs become ready
 */
public record CreatedWorkflow(
    Long workflowId, Workflow workflow, boolean dryRun, List<JobRecord> jobs, ExecutionPlan plan)
    implements JsonView {
  /** Larger workflows are created without listing their jobs. */
  public static final int JOBS_LISTED = 100;

  /**
   * Copies the list.
   *
   * @param workflowId the new workflow's id, or {@code null} for a dry run
   * @param workflow the workflow as loaded and validated (with its owner)
   * @param dryRun whether nothing was stored
   * @param jobs the stored jobs when there are at most {@value #JOBS_LISTED}, else empty
   * @param plan the stages in which the jobs become ready
   */
  public CreatedWorkflow {
    jobs = List.copyOf(jobs);
  }

  /**
   * How many jobs the workflow has.
   *
   * @return the number of jobs
   */
  public int numJobs() {
    return workflow.jobs().size();
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    if (dryRun) {
      json.put("status", "success");
      json.put("dry_run", true);
      json.put("name", workflow.name());
      json.put("num_jobs", numJobs());
      json.put(
          "jobs", workflow.jobs().stream().map(j -> JsonViews.plannedJob(workflow, j)).toList());
      return json;
    }
    json.put("workflow_id", workflowId);
    json.put("status", "success");
    json.put("message", "Workflow created successfully with ID: " + workflowId);
    json.put("name", workflow.name());
    json.put("num_jobs", numJobs());
    return json;
  }
}
