package dev.torc.sdk;

import dev.torc.store.WorkflowRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stored workflow, oldest first.
 *
 * @param workflows the workflows, oldest first
 */
public record WorkflowList(List<WorkflowRecord> workflows) implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflows the workflows, oldest first
   */
  public WorkflowList {
    workflows = List.copyOf(workflows);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflows", workflows.stream().map(JsonViews::workflow).toList());
    return json;
  }
}
