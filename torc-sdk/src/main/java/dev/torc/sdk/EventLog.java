package dev.torc.sdk;

import dev.torc.store.WorkflowEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's events, oldest first.
 *
 * @param workflowId the workflow
 * @param events its events, oldest first
 */
public record EventLog(long workflowId, List<WorkflowEvent> events) implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param events its events, oldest first
   */
  public EventLog {
    events = List.copyOf(events);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("events", events.stream().map(JsonViews::event).toList());
    return json;
  }
}
