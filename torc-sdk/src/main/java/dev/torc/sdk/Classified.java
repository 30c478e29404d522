package dev.torc.sdk;

import dev.torc.run.PendingFailures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Torc#classify} applied, or for a dry run would apply.
 *
 * @param workflowId the workflow
 * @param dryRun whether nothing changed
 * @param classifications each job as it was, the decision and its requirements after it
 */
public record Classified(
    long workflowId, boolean dryRun, List<PendingFailures.Applied> classifications)
    implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param dryRun whether nothing changed
   * @param classifications each job as it was, the decision and its requirements after it
   */
  public Classified {
    classifications = List.copyOf(classifications);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("dry_run", dryRun);
    json.put(
        "classifications",
        classifications.stream()
            .map(
                a -> {
                  Map<String, Object> c = new LinkedHashMap<>();
                  c.put("job_id", a.job().id());
                  c.put("name", a.job().name());
                  c.put("action", a.resolution().action().name().toLowerCase(Locale.ROOT));
                  c.put("memory", a.requirements().memory().text());
                  c.put("runtime", a.requirements().runtime().toString());
                  c.put("reason", a.resolution().reason());
                  return c;
                })
            .toList());
    return json;
  }
}
