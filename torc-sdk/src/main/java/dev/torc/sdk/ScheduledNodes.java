package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Torc#scheduleNodes} started.
 *
 * @param workflowId the workflow
 * @param schedulerType the scheduler type, such as {@code slurm}
 * @param ids the identifiers of what was started (Slurm job ids for {@code slurm})
 */
public record ScheduledNodes(long workflowId, String schedulerType, List<String> ids)
    implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param schedulerType the scheduler type, such as {@code slurm}
   * @param ids the identifiers of what was started (Slurm job ids for {@code slurm})
   */
  public ScheduledNodes {
    ids = List.copyOf(ids);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("scheduler_type", schedulerType);
    json.put("job_ids", ids);
    return json;
  }
}
