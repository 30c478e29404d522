package dev.torc.sdk;

import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job with its requirements, its results and the analyses of its failed attempts.
 *
 * @param job the job
 * @param results its results, oldest first (capped at {@value Torc#MAX_LISTED_JOBS}, latest kept)
 * @param failures the analyses of its failed attempts
 */
public record JobDetails(JobRecord job, List<JobResult> results, List<FailureInfo> failures)
    implements JsonView {
  /**
   * Copies the lists.
   *
   * @param job the job
   * @param results its results, oldest first (capped at {@value Torc#MAX_LISTED_JOBS}, latest kept)
   * @param failures the analyses of its failed attempts
   */
  public JobDetails {
    results = List.copyOf(results);
    failures = List.copyOf(failures);
  }

  /**
   * The latest result, or {@code null} when the job never ran.
   *
   * @return the latest result, or {@code null}
   */
  public JobResult latestResult() {
    return results.isEmpty() ? null : results.get(results.size() - 1);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>(JsonViews.job(job));
    JobResult latest = latestResult();
    json.put("latest_result", latest == null ? null : JsonViews.result(latest, job.name()));
    json.put("results", results.stream().map(r -> JsonViews.result(r, job.name())).toList());
    json.put("failures", failures.stream().map(JsonViews::failure).toList());
    return json;
  }
}
