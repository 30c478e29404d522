package dev.torc.sdk;

import dev.torc.store.JobRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a workflow's jobs, in id order.
 *
 * @param workflowId the workflow
 * @param jobs the page's jobs
 * @param total how many jobs matched in all
 * @param page the page, or {@code null} when it holds every job
 * @param refs the ids the jobs refer to, for their JSON
 */
public record JobPage(long workflowId, List<JobRecord> jobs, int total, Page page, JobRefs refs)
    implements Paged {
  /**
   * Copies the list; {@code null} refs are those of the page's jobs.
   *
   * @param workflowId the workflow
   * @param jobs the page's jobs
   * @param total how many jobs matched in all
   * @param page the page, or {@code null} when it holds every job
   * @param refs the ids the jobs refer to, for their JSON
   */
  public JobPage {
    jobs = List.copyOf(jobs);
    refs = refs == null ? JobRefs.of(jobs) : refs;
  }

  /**
   * A page whose jobs refer only to each other.
   *
   * @param workflowId the workflow
   * @param jobs the page's jobs
   * @param total how many jobs matched in all
   * @param page the page, or {@code null} when it holds every job
   */
  public JobPage(long workflowId, List<JobRecord> jobs, int total, Page page) {
    this(workflowId, jobs, total, page, null);
  }

  @Override
  public int size() {
    return jobs.size();
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("jobs", jobs.stream().map(j -> JsonViews.job(j, refs)).toList());
    return json;
  }
}
