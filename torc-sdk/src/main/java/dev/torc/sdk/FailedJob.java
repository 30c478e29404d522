package dev.torc.sdk;

import dev.torc.model.JobStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job that failed, was canceled or terminated.
 *
 * @param jobId the job
 * @param name its name
 * @param status its status
 * @param attemptId its current attempt
 * @param returnCode its latest attempt's return code, or {@code null} when it never ran
 */
public record FailedJob(
    long jobId, String name, JobStatus status, int attemptId, Integer returnCode) {

  /**
   * As JSON.
   *
   * @return the job with the original torc's field names
   */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("job_id", jobId);
    json.put("name", name);
    json.put("status", status.label());
    json.put("return_code", returnCode);
    json.put("attempt_id", attemptId);
    return json;
  }
}
