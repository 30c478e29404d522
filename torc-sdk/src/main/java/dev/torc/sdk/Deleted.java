package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflows {@link Torc#deleteWorkflows} deleted.
 *
 * @param workflowIds the ids of the deleted workflows
 */
public record Deleted(List<Long> workflowIds) implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowIds the ids of the deleted workflows
   */
  public Deleted {
    workflowIds = List.copyOf(workflowIds);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", "success");
    json.put("deleted", workflowIds);
    return json;
  }
}
