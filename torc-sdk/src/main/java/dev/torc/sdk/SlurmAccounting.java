package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slurm's accounting (sacct) of a workflow's allocations and their steps.
 *
 * @param workflowId the workflow
 * @param rows one map per sacct line, with sacct's field names in snake case (job_id, state,
 *     max_rss, ...); empty when the workflow has no allocation
 */
public record SlurmAccounting(long workflowId, List<Map<String, String>> rows) implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param rows one map per sacct line, with sacct's field names in snake case (job_id, state,
   *     max_rss, ...); empty when the workflow has no allocation
   */
  public SlurmAccounting {
    rows = List.copyOf(rows);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("rows", rows);
    return json;
  }
}
