package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/** The workflow {@link Torc#cancel} canceled. */
public record Canceled(long workflowId) implements JsonView {
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("status", "canceled");
    return json;
  }
}
