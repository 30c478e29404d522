package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a workflow's jobs become ready: stage 1 holds the jobs that wait for nothing,
 * stage k those whose dependencies are all in earlier stages. For a stored workflow only jobs that
 * have not ended are planned; the ones they wait for that ended count as done.
 *
 * @param workflowId the stored workflow, or {@code null} for a spec
 * @param name the workflow's name
 * @param totalJobs how many jobs are planned
 * @param stages the stages, in order
 */
public record ExecutionPlan(Long workflowId, String name, int totalJobs, List<Stage> stages)
    implements JsonView {
  /** Each stage lists at most this many job names; {@link Stage#jobCount()} has them all. */
  public static final int NAMES_PER_STAGE = 100;

  /**
   * Copies the list.
   *
   * @param workflowId the stored workflow, or {@code null} for a spec
   * @param name the workflow's name
   * @param totalJobs how many jobs are planned
   * @param stages the stages, in order
   */
  public ExecutionPlan {
    stages = List.copyOf(stages);
  }

  /**
   * One stage.
   *
   * @param stage its number, from 1
   * @param jobCount how many jobs it holds
   * @param jobs the names of its first {@value ExecutionPlan#NAMES_PER_STAGE} jobs
   */
  public record Stage(int stage, int jobCount, List<String> jobs) {
    /**
     * Copies the list.
     *
     * @param stage its number, from 1
     * @param jobCount how many jobs it holds
     * @param jobs the names of its first {@value ExecutionPlan#NAMES_PER_STAGE} jobs
     */
    public Stage {
      jobs = List.copyOf(jobs);
    }
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    if (workflowId != null) {
      json.put("workflow_id", workflowId);
    }
    json.put("name", name);
    json.put("total_jobs", totalJobs);
    json.put("total_stages", stages.size());
    json.put(
        "stages",
        stages.stream()
            .map(
                s -> {
                  Map<String, Object> stage = new LinkedHashMap<>();
                  stage.put("stage", s.stage());
                  stage.put("job_count", s.jobCount());
                  stage.put("jobs", s.jobs());
                  return stage;
                })
            .toList());
    return json;
  }
}
