package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflow {@link Torc#cancel} canceled.
 *
 * @param workflowId the workflow
 * @param stoppedWorkers the workers' allocations (Slurm job ids) that were cancelled with it
 */
public record Canceled(long workflowId, List<String> stoppedWorkers) implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param stoppedWorkers the workers' allocations (Slurm job ids) that were cancelled with it
   */
  public Canceled {
    stoppedWorkers = List.copyOf(stoppedWorkers);
  }

  /**
   * A workflow canceled with no workers to stop.
   *
   * @param workflowId the workflow
   */
  public Canceled(long workflowId) {
    this(workflowId, List.of());
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("status", "canceled");
    json.put("cancelled_allocations", stoppedWorkers);
    return json;
  }
}
