package dev.torc.sdk;

import dev.torc.store.JobRecord;
import java.util.Map;

/**
 * One job with the ids it refers to.
 *
 * @param job the job
 * @param refs the ids of its workflow's jobs and requirements
 */
public record JobView(JobRecord job, JobRefs refs) implements JsonView {
  @Override
  public Map<String, Object> toJson() {
    return JsonViews.job(job, refs);
  }
}
