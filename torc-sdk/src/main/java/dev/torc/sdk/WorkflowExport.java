package dev.torc.sdk;

import dev.torc.store.JobResult;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code workflows export}: a stored workflow as one JSON document that {@code workflows import}
 * (through {@link Torc#importWorkflow}) creates again, in this store or another.
 *
 * @param workflow the workflow
 * @param spec the workflow as a spec (a JSON object), which creates the same jobs again
 * @param jobs its jobs as they stand, with their statuses
 * @param results its results, or {@code null} when not asked for
 * @param events its events, or {@code null} when not asked for
 * @param exportedAt when the export was made
 */
public record WorkflowExport(
    WorkflowRecord workflow,
    Map<String, Object> spec,
    JobPage jobs,
    ResultPage results,
    List<WorkflowEvent> events,
    Instant exportedAt)
    implements JsonView {
  /** The version of the export's layout. */
  public static final int EXPORT_VERSION = 1;

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("export_version", EXPORT_VERSION);
    json.put("exported_at", exportedAt.toString());
    json.put("workflow", JsonViews.workflow(workflow));
    json.put("spec", spec);
    json.put("jobs", jobs.toJson().get("jobs"));
    if (results != null) {
      json.put("results", results.toJson().get("results"));
    }
    if (events != null) {
      json.put("events", events.stream().map(JsonViews::event).toList());
    }
    return json;
  }

  /**
   * The results of the export, when it has them.
   *
   * @return the results, or an empty list
   */
  public List<JobResult> resultList() {
    return results == null ? List.of() : results.results();
  }
}
