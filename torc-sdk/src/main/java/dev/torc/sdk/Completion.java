package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a workflow is complete ({@code workflows is-complete}), with the original torc's field
 * names.
 *
 * @param workflowId the workflow
 * @param complete whether no job is left to run (pending_failed jobs keep it incomplete)
 * @param canceled whether the workflow was canceled and not reset since
 */
public record Completion(long workflowId, boolean complete, boolean canceled) implements JsonView {
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("is_complete", complete);
    json.put("is_canceled", canceled);
    return json;
  }
}
