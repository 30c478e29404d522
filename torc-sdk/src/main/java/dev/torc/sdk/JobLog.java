package dev.torc.sdk;

import dev.torc.diagnosis.JobLogs;
import dev.torc.store.JobRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One attempt's log, as {@link Torc#logs} read it.
 *
 * @param job the job
 * @param runId the run of the attempt
 * @param attemptId the attempt
 * @param stream which stream
 * @param path the log file (checked to lie inside the output directory)
 * @param content its last lines or bytes
 * @param truncated whether {@code content} was cut to the byte cap
 */
public record JobLog(
    JobRecord job,
    int runId,
    int attemptId,
    JobLogs.Stream stream,
    Path path,
    String content,
    boolean truncated)
    implements JsonView {

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("job_id", job.id());
    json.put("job_name", job.name());
    json.put("workflow_id", job.workflowId());
    json.put("run_id", runId);
    json.put("attempt_id", attemptId);
    json.put("stream", stream.name().toLowerCase(Locale.ROOT));
    json.put("path", path.toString());
    json.put("content", content);
    if (truncated) {
      json.put("truncated", true);
    }
    return json;
  }
}
