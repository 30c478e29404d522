package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Torc#submitWorkflow} did.
 *
 * @param workflowId the workflow
 * @param created whether the submit created it from a spec
 * @param actions how many actions the workflow has
 * @param actionsFired how many {@code on_workflow_start} actions this submit fired (those fired
 *     before, by an earlier submit or a runner, do not fire again)
 */
public record Submitted(long workflowId, boolean created, int actions, int actionsFired)
    implements JsonView {
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("created", created);
    json.put("num_actions", actions);
    json.put("actions_fired", actionsFired);
    return json;
  }
}
