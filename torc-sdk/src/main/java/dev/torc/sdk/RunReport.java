package dev.torc.sdk;

import dev.torc.run.RunResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How {@link Torc#run(long, RunRequest)} ended.
 *
 * @param result the last run's result
 * @param outputDir where the jobs' logs went
 * @param classified how many pending_failed jobs the classifier resolved along the way
 */
public record RunReport(RunResult result, Path outputDir, int classified) implements JsonView {

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", result.workflowId());
    json.put("run_id", result.runId());
    json.put("status", result.outcome().name().toLowerCase(Locale.ROOT));
    json.put("started_at", result.startedAt() == null ? null : result.startedAt().toString());
    json.put("ended_at", result.endedAt() == null ? null : result.endedAt().toString());
    json.put("job_counts", JsonViews.counts(result.counts()));
    json.put(
        "jobs",
        result.jobs().stream()
            .map(
                j -> {
                  Map<String, Object> job = new LinkedHashMap<>();
                  job.put("id", j.jobId());
                  job.put("name", j.name());
                  job.put("status", j.status().label());
                  job.put("attempt_id", j.attemptId());
                  job.put("return_code", j.returnCode());
                  if (j.failure() != null) {
                    job.put("failure_cause", j.failure().cause());
                    job.put("failure_evidence", j.failure().evidence());
                  }
                  return job;
                })
            .toList());
    return json;
  }
}
