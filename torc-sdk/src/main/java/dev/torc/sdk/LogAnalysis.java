package dev.torc.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scan of a workflow's logs for known error patterns found: the latest attempt's stdout and
 * stderr of each job that ran.
 *
 * @param workflowId the workflow
 * @param filesScanned how many log files were read
 * @param errorCount how many jobs' logs matched a pattern
 * @param errorsByType the matches grouped by pattern, most frequent first
 * @param truncated whether the scan stopped at its file or job caps
 */
public record LogAnalysis(
    long workflowId,
    int filesScanned,
    int errorCount,
    List<ErrorType> errorsByType,
    boolean truncated)
    implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflowId the workflow
   * @param filesScanned how many log files were read
   * @param errorCount how many jobs' logs matched a pattern
   * @param errorsByType the matches grouped by pattern, most frequent first
   * @param truncated whether the scan stopped at its file or job caps
   */
  public LogAnalysis {
    errorsByType = List.copyOf(errorsByType);
  }

  /**
   * The jobs whose logs matched one pattern.
   *
   * @param type the pattern's name
   * @param cause the failure cause it stands for (transient, permanent, ...)
   * @param count how many jobs matched
   * @param jobs the first {@value LogAnalysis#JOBS_PER_TYPE} of them
   */
  public record ErrorType(String type, String cause, int count, List<Match> jobs) {
    /**
     * Copies the list.
     *
     * @param type the pattern's name
     * @param cause the failure cause it stands for (transient, permanent, ...)
     * @param count how many jobs matched
     * @param jobs the first {@value LogAnalysis#JOBS_PER_TYPE} of them
     */
    public ErrorType {
      jobs = List.copyOf(jobs);
    }
  }

  /**
   * One job's match.
   *
   * @param jobId the job
   * @param name its name
   * @param stream {@code stdout} or {@code stderr}
   * @param evidence the matching text
   */
  public record Match(long jobId, String name, String stream, String evidence) {}

  /** Each error type lists at most this many jobs. */
  public static final int JOBS_PER_TYPE = 20;

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("files_scanned", filesScanned);
    json.put("error_count", errorCount);
    json.put(
        "errors_by_type",
        errorsByType.stream()
            .map(
                t -> {
                  Map<String, Object> type = new LinkedHashMap<>();
                  type.put("type", t.type());
                  type.put("cause", t.cause());
                  type.put("count", t.count());
                  type.put(
                      "jobs",
                      t.jobs().stream()
                          .map(
                              m -> {
                                Map<String, Object> match = new LinkedHashMap<>();
                                match.put("job_id", m.jobId());
                                match.put("name", m.name());
                                match.put("stream", m.stream());
                                match.put("evidence", m.evidence());
                                return match;
                              })
                          .toList());
                  return type;
                })
            .toList());
    json.put("truncated", truncated);
    return json;
  }
}
