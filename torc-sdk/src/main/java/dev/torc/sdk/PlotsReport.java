package dev.torc.sdk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A workflow's resource-plot page that {@link Torc#plots} wrote: one self-contained HTML file (no
 * network needed) with a timeline of every attempt, memory and CPU over time per job, and the job
 * graph.
 *
 * @param workflowId the workflow
 * @param path the page
 * @param jobs how many jobs it shows
 * @param attempts how many attempts its timeline shows
 * @param timeSeries how many attempts have a sampled time series (the rest show their averages)
 */
public record PlotsReport(long workflowId, Path path, int jobs, int attempts, int timeSeries)
    implements JsonView {
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("path", path.toString());
    json.put("num_jobs", jobs);
    json.put("num_attempts", attempts);
    json.put("num_time_series", timeSeries);
    return json;
  }
}
