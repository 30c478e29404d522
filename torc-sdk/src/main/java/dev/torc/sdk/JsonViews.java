package dev.torc.sdk;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.recovery.workflow.JobRecovery;
import dev.torc.recovery.workflow.RecoveryReport;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of torc's records, with the field names of the original torc. */
public final class JsonViews {
  private JsonViews() {}

  /**
   * A stored workflow.
   *
   * @param workflow the workflow
   * @return its fields
   */
  public static Map<String, Object> workflow(WorkflowRecord workflow) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", workflow.id());
    json.put("name", workflow.name());
    json.put("user", workflow.user());
    json.put("description", workflow.description());
    json.put("project", workflow.project());
    json.put("run_id", workflow.runId());
    json.put("timestamp", workflow.createdAt().toString());
    json.put("use_pending_failed", workflow.usePendingFailed());
    return json;
  }

  /**
   * A stored job with the original torc's id fields beside ours: {@code depends_on_job_ids} next to
   * {@code depends_on}, {@code resource_requirements_id} next to {@code resource_requirements}.
   *
   * @param job the job
   * @param refs the references among the jobs of its workflow
   * @return its fields
   */
  public static Map<String, Object> job(JobRecord job, JobRefs refs) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Map.Entry<String, Object> field : job(job).entrySet()) {
      json.put(field.getKey(), field.getValue());
      if (field.getKey().equals("depends_on")) {
        json.put("depends_on_job_ids", refs.dependsOnIds(job));
      } else if (field.getKey().equals("resource_requirements")) {
        json.put("resource_requirements_id", refs.requirementsId(job));
      }
    }
    return json;
  }

  /**
   * A stored job.
   *
   * @param job the job
   * @return its fields
   */
  public static Map<String, Object> job(JobRecord job) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", job.id());
    json.put("workflow_id", job.workflowId());
    json.put("name", job.name());
    json.put("command", job.isJavaTask() ? null : job.command());
    json.put("original_command", job.isJavaTask() ? null : job.originalCommand());
    json.put("fallback_commands", job.fallbackCommands());
    json.put("java_task", job.isJavaTask());
    json.put("invocation_script", job.invocationScript());
    json.put("status", job.status().label());
    json.put("attempt_id", job.attemptId());
    json.put("priority", job.priority());
    json.put("depends_on", job.dependsOn());
    json.put("input_files", job.inputFiles());
    json.put("output_files", job.outputFiles());
    json.put("resource_requirements", requirements(job.requirements()));
    json.put("failure_handler", job.failureHandler());
    json.put("scheduler", job.scheduler());
    json.put("cancel_on_blocking_job_failure", job.cancelOnBlockingJobFailure());
    json.put("supports_termination", job.supportsTermination());
    return json;
  }

  /**
   * One attempt's result with the store's id for it (the original torc's {@code id}; {@code null}
   * when not known), and the name of its job.
   *
   * @param result the result
   * @param jobName its job's name
   * @param id the store's id for the result, or {@code null}
   * @return its fields
   */
  public static Map<String, Object> result(JobResult result, String jobName, Long id) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.putAll(result(result, jobName));
    return json;
  }

  /**
   * One attempt's result, with the name of its job.
   *
   * @param result the result
   * @param jobName its job's name
   * @return its fields
   */
  public static Map<String, Object> result(JobResult result, String jobName) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("job_id", result.jobId());
    json.put("job_name", jobName);
    json.put("workflow_id", result.workflowId());
    json.put("run_id", result.runId());
    json.put("attempt_id", result.attemptId());
    json.put("return_code", result.returnCode());
    json.put("status", result.status().label());
    json.put("exec_time_minutes", result.execTimeMinutes());
    json.put("completion_time", result.completionTime().toString());
    json.put("peak_memory_bytes", result.peakMemoryBytes());
    json.put("avg_memory_bytes", result.avgMemoryBytes());
    json.put("peak_cpu_percent", result.peakCpuPercent());
    json.put("avg_cpu_percent", result.avgCpuPercent());
    return json;
  }

  /**
   * A failed attempt's analysis.
   *
   * @param f the analysis
   * @return its fields
   */
  public static Map<String, Object> failure(FailureInfo f) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", f.workflowId());
    json.put("job_id", f.jobId());
    json.put("run_id", f.runId());
    json.put("attempt_id", f.attemptId());
    json.put("cause", f.cause());
    json.put("signature", f.signature());
    json.put("evidence", f.evidence());
    json.put("confidence", f.confidence());
    json.put("exit_code", f.exitCode());
    json.put("signal", f.signal());
    json.put("peak_memory_bytes", f.peakMemoryBytes());
    json.put("memory_limit_bytes", f.memoryLimitBytes());
    json.put("runtime_seconds", f.runtimeSeconds());
    json.put("runtime_limit_seconds", f.runtimeLimitSeconds());
    json.put("slurm_state", f.slurmState());
    return json;
  }

  /**
   * A job of a workflow that was validated but not stored (a dry run).
   *
   * @param workflow the validated workflow
   * @param job one of its jobs
   * @return its fields, with the status it would start in
   */
  public static Map<String, Object> plannedJob(Workflow workflow, JobSpec job) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", job.name());
    json.put("command", job.command());
    json.put(
        "status", job.dependsOn().isEmpty() ? JobStatus.READY.label() : JobStatus.BLOCKED.label());
    json.put("depends_on", job.dependsOn());
    json.put("input_files", job.inputFiles());
    json.put("output_files", job.outputFiles());
    json.put("resource_requirements", requirements(workflow.requirementsOf(job)));
    json.put("failure_handler", job.failureHandler());
    return json;
  }

  /**
   * Resource requirements.
   *
   * @param rr the requirements
   * @return their fields
   */
  public static Map<String, Object> requirements(ResourceRequirements rr) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", rr.name());
    json.put("num_cpus", rr.numCpus());
    json.put("memory", rr.memory().text());
    json.put("memory_bytes", rr.memory().bytes());
    json.put("num_gpus", rr.numGpus());
    json.put("num_nodes", rr.numNodes());
    json.put("runtime", rr.runtime().toString());
    return json;
  }

  /**
   * An event of a workflow's event log.
   *
   * @param e the event
   * @return its fields
   */
  public static Map<String, Object> event(WorkflowEvent e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", e.id());
    json.put("timestamp", e.timestamp().toString());
    json.put("kind", e.kind());
    json.put("job_id", e.jobId());
    json.put("message", e.message());
    return json;
  }

  /**
   * A recovery pass: what it found and did, job by job.
   *
   * @param report the pass
   * @return its fields
   */
  public static Map<String, Object> recovery(RecoveryReport report) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", report.workflowId());
    json.put("dry_run", report.dryRun());
    json.put("oom_fixes", report.fixes("OOM"));
    json.put("timeout_fixes", report.fixes("Timeout"));
    json.put("hook_ran", report.hookRan());
    json.put("reset_count", report.resetCount());
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (JobRecovery job : report.jobs()) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("job_id", job.jobId());
      j.put("job_name", job.jobName());
      j.put("status", job.failed().job().status().label());
      j.put(
          "return_code", job.failed().result() == null ? null : job.failed().result().returnCode());
      j.put("cause", job.failed().cause().label());
      j.put("evidence", job.failed().evidence());
      j.put("action", job.action().name().toLowerCase(Locale.ROOT));
      j.put(
          "adjustments",
          job.adjustments().stream()
              .map(
                  a -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("detected", a.label());
                    m.put("resource", a.resource());
                    m.put("from", a.from());
                    m.put("to", a.to());
                    return m;
                  })
              .toList());
      j.put("memory", job.requirements().memory().text());
      j.put("runtime", job.requirements().runtime().toString());
      j.put("note", job.note());
      jobs.add(j);
    }
    json.put("jobs", jobs);
    return json;
  }

  /**
   * Job counts by status label, in the order of the statuses.
   *
   * @param counts how many jobs have each status
   * @return the counts by label
   */
  public static Map<String, Object> counts(Map<JobStatus, Integer> counts) {
    Map<String, Object> json = new LinkedHashMap<>();
    counts.forEach((status, n) -> json.put(status.label(), n));
    return json;
  }
}
