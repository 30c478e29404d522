package dev.torc.sdk;

import dev.torc.store.SlurmSchedulerRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code torc slurm regenerate} did.
 *
 * @param workflowId the workflow
 * @param schedulers the scheduler configurations created for the jobs still waiting
 * @param submittedJobIds the Slurm job ids of the allocations submitted (with {@code --submit})
 */
public record Regenerated(
    long workflowId, List<SlurmSchedulerRecord> schedulers, List<String> submittedJobIds)
    implements JsonView {
  /**
   * Copies the lists.
   *
   * @param workflowId the workflow
   * @param schedulers the scheduler configurations created for the jobs still waiting
   * @param submittedJobIds the Slurm job ids of the allocations submitted (with {@code --submit})
   */
  public Regenerated {
    schedulers = List.copyOf(schedulers);
    submittedJobIds = List.copyOf(submittedJobIds);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put(
        "schedulers",
        schedulers.stream()
            .map(
                r -> {
                  Map<String, Object> s = new LinkedHashMap<>();
                  s.put("id", r.id());
                  s.put("name", r.scheduler().name());
                  s.put("account", r.scheduler().account());
                  s.put("partition", r.scheduler().partition());
                  s.put("nodes", r.scheduler().nodes());
                  s.put("walltime", r.scheduler().walltime());
                  s.put("mem", r.scheduler().mem());
                  s.put("gres", r.scheduler().gres());
                  return s;
                })
            .toList());
    json.put("job_ids", submittedJobIds);
    return json;
  }
}
