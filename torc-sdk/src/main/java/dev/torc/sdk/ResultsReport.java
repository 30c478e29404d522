package dev.torc.sdk;

import dev.torc.store.JobResult;
import dev.torc.store.WorkflowRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reports results}: every result of a workflow with the paths of its attempt's logs, with
 * the original torc's field names.
 *
 * @param workflow the workflow
 * @param allRuns whether results of every run are listed, not only the current run's
 * @param entries the results, oldest first
 */
public record ResultsReport(WorkflowRecord workflow, boolean allRuns, List<Entry> entries)
    implements JsonView {
  /**
   * Copies the list.
   *
   * @param workflow the workflow
   * @param allRuns whether results of every run are listed, not only the current run's
   * @param entries the results, oldest first
   */
  public ResultsReport {
    entries = List.copyOf(entries);
  }

  /**
   * One result.
   *
   * @param result the attempt's result
   * @param jobName its job's name
   * @param stdout the attempt's stdout log, or {@code null} when it does not exist
   * @param stderr the attempt's stderr log, or {@code null} when it does not exist
   */
  public record Entry(JobResult result, String jobName, Path stdout, Path stderr) {
    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("job_id", result.jobId());
      json.put("job_name", jobName);
      json.put("status", result.status().label());
      json.put("run_id", result.runId());
      json.put("attempt_id", result.attemptId());
      json.put("return_code", result.returnCode());
      json.put("completion_time", result.completionTime().toString());
      json.put("exec_time_minutes", result.execTimeMinutes());
      json.put("compute_node_type", "local");
      json.put("job_stdout", stdout == null ? null : stdout.toString());
      json.put("job_stderr", stderr == null ? null : stderr.toString());
      return json;
    }
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflow.id());
    json.put("workflow_name", workflow.name());
    json.put("workflow_user", workflow.user());
    json.put("all_runs", allRuns);
    json.put("total_results", entries.size());
    json.put("results", entries.stream().map(Entry::toJson).toList());
    return json;
  }
}
