package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Torc#syncStatus} did.
 *
 * @param workflowId the workflow
 * @param jobsSettled how many jobs left by gone workers (allocations) were made ready again
 */
public record SyncStatus(long workflowId, int jobsSettled) implements JsonView {
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("jobs_settled", jobsSettled);
    return json;
  }
}
