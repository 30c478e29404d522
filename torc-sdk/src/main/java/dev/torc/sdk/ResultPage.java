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
 * @param resultIds the store's ids of the results, by {@link
 *     dev.torc.store.RecoveryLedger#resultKey(long, int, int)}
 */
public record ResultPage(
    long workflowId,
    Integer runId,
    List<JobResult> results,
    Map<Long, String> jobNames,
    int total,
    Page page,
    Map<String, Long> resultIds)
    implements Paged {
  /**
   * Copies the lists and maps; {@code null} result ids are none.
   *
   * @param workflowId the workflow
   * @param runId the run the results belong to, or {@code null} for all runs
   * @param results the page's results
   * @param jobNames the names of their jobs, by id
   * @param total how many results matched in all
   * @param page the page
   * @param resultIds the store's ids of the results, by {@link
   *     dev.torc.store.RecoveryLedger#resultKey(long, int, int)}
   */
  public ResultPage {
    results = List.copyOf(results);
    jobNames = Map.copyOf(jobNames);
    resultIds = resultIds == null ? Map.of() : Map.copyOf(resultIds);
  }

  /**
   * The store's id of one of the page's results, or {@code null} when not known.
   *
   * @param r one of the page's results
   * @return its id, or {@code null}
   */
  public Long id(JobResult r) {
    return resultIds.get(
        dev.torc.store.RecoveryLedger.resultKey(r.jobId(), r.runId(), r.attemptId()));
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
        results.stream().map(r -> JsonViews.result(r, jobNames.get(r.jobId()), id(r))).toList());
    return json;
  }
}
