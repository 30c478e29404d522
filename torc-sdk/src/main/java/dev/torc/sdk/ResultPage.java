package dev.torc.sdk;

import dev.torc.store.JobResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a workflow's results.
 *
 * @param workflowId the workflow
 * @param runId the run the results belong to, or {@code null} for all runs
 * @param results the page's results
 * @param jobNames the names of their jobs, by id
 * @param total how many results matched in all
 * @param page the page
 */
public record ResultPage(
    long workflowId,
    Integer runId,
    List<JobResult> results,
    Map<Long, String> jobNames,
    int total,
    Page page)
    implements Paged {
  public ResultPage {
    results = List.copyOf(results);
    jobNames = Map.copyOf(jobNames);
  }

  @Override
  public int size() {
    return results.size();
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "results",
        results.stream().map(r -> JsonViews.result(r, jobNames.get(r.jobId()))).toList());
    return json;
  }
}
