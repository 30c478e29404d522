package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many jobs {@link Torc#resetStatus} reset.
 *
 * @param workflowId the workflow
 * @param resetJobs how many jobs were reset
 */
public record ResetOutcome(long workflowId, int resetJobs) implements JsonView {
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("status", "success");
    json.put("reset_jobs", resetJobs);
    return json;
  }
}
