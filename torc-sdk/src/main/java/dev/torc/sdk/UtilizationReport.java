package dev.torc.sdk;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each job of one run used compared with what it requested ({@code reports
 * check-resource-utilization}).
 *
 * @param workflowId the workflow
 * @param runId the run
 * @param includeFailed whether attempts that did not complete were analyzed
 * @param diagnoses one per job analyzed: the latest attempt of each job in the run
 * @param listed the diagnoses to list: all, or those over, under or with a likely cause
 * @param jobs the analyzed jobs, by id
 * @param limit how many jobs and violations the JSON lists at most, or {@code null} for all
 */
public record UtilizationReport(
    long workflowId,
    int runId,
    boolean includeFailed,
    List<ResourceDiagnosis> diagnoses,
    List<ResourceDiagnosis> listed,
    Map<Long, JobRecord> jobs,
    Integer limit)
    implements JsonView {
  /**
   * Copies the lists and the map.
   *
   * @param workflowId the workflow
   * @param runId the run
   * @param includeFailed whether attempts that did not complete were analyzed
   * @param diagnoses one per job analyzed: the latest attempt of each job in the run
   * @param listed the diagnoses to list: all, or those over, under or with a likely cause
   * @param jobs the analyzed jobs, by id
   * @param limit how many jobs and violations the JSON lists at most, or {@code null} for all
   */
  public UtilizationReport {
    diagnoses = List.copyOf(diagnoses);
    listed = List.copyOf(listed);
    jobs = Map.copyOf(jobs);
  }

  /**
   * How many resources were used beyond their request, over all jobs.
   *
   * @return the count
   */
  public int overCount() {
    return diagnoses.stream().mapToInt(ResourceDiagnosis::overCount).sum();
  }

  /**
   * How many resources were used well below their request, over all jobs.
   *
   * @return the count
   */
  public int underCount() {
    return diagnoses.stream()
        .mapToInt(d -> (d.memoryUnder() ? 1 : 0) + (d.cpuUnder() ? 1 : 0))
        .sum();
  }

  /**
   * The job a diagnosis is about.
   *
   * @param d one of the diagnoses
   * @return its job
   */
  public JobRecord job(ResourceDiagnosis d) {
    return jobs.get(d.result().jobId());
  }

  /**
   * The flags of one diagnosis, as the CLI's table shows them ("ok" for none).
   *
   * @param d the diagnosis
   * @return the flags, comma-separated
   */
  public static String flags(ResourceDiagnosis d) {
    List<String> flags = new ArrayList<>();
    if (d.memoryOver()) {
      flags.add("memory over");
    }
    if (d.cpuOver()) {
      flags.add("cpu over");
    }
    if (d.runtimeOver()) {
      flags.add("runtime over");
    }
    if (d.memoryUnder()) {
      flags.add("memory under");
    }
    if (d.cpuUnder()) {
      flags.add("cpu under");
    }
    if (d.likelyOom()) {
      flags.add("likely OOM (" + d.oomReason().label() + ")");
    }
    if (d.likelyTimeout()) {
      flags.add("likely timeout (" + d.timeoutReason().label() + ")");
    }
    return flags.isEmpty() ? "ok" : String.join(", ", flags);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", workflowId);
    json.put("run_id", runId);
    json.put("total_results", diagnoses.size());
    json.put("over_utilization_count", overCount());
    json.put("under_utilization_count", underCount());
    List<Map<String, Object>> violations = violations();
    json.put("violations", capped(violations));
    json.put("resource_violations_count", listed.size());
    json.put("resource_violations", capped(listed).stream().map(d -> entry(d, job(d))).toList());
    if (limit != null && (violations.size() > limit || listed.size() > limit)) {
      json.put("truncated", true);
    }
    return json;
  }

  private <T> List<T> capped(List<T> items) {
    return limit == null || items.size() <= limit ? items : items.subList(0, limit);
  }

  private static Map<String, Object> entry(ResourceDiagnosis d, JobRecord job) {
    JobResult r = d.result();
    ResourceRequirements rr = d.requested();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("job_id", job.id());
    json.put("job_name", job.name());
    json.put("run_id", r.runId());
    json.put("attempt_id", r.attemptId());
    json.put("return_code", r.returnCode());
    json.put("status", r.status().label());
    json.put("exec_time_minutes", r.execTimeMinutes());
    json.put("configured_memory", rr.memory().text());
    json.put("configured_memory_bytes", rr.memory().bytes());
    json.put("configured_cpus", rr.numCpus());
    json.put("configured_runtime", rr.runtime().toString());
    json.put("peak_memory_bytes", r.peakMemoryBytes());
    json.put("avg_memory_bytes", r.avgMemoryBytes());
    json.put("peak_cpu_percent", r.peakCpuPercent());
    json.put("avg_cpu_percent", r.avgCpuPercent());
    json.put("memory_utilization_percent", rounded(d.memoryUtilizationPercent()));
    json.put("cpu_utilization_percent", rounded(d.cpuUtilizationPercent()));
    json.put("runtime_utilization_percent", rounded(d.runtimeUtilizationPercent()));
    json.put("memory_over", d.memoryOver());
    json.put("cpu_over", d.cpuOver());
    json.put("runtime_over", d.runtimeOver());
    json.put("memory_under", d.memoryUnder());
    json.put("cpu_under", d.cpuUnder());
    json.put("likely_oom", d.likelyOom());
    json.put("oom_reason", d.likelyOom() ? d.oomReason().label() : null);
    json.put("likely_timeout", d.likelyTimeout());
    json.put("timeout_reason", d.likelyTimeout() ? d.timeoutReason().label() : null);
    return json;
  }

  /** A percentage to two decimals; null stays null. */
  private static Double rounded(Double percent) {
    return percent == null ? null : Math.round(percent * 100.0) / 100.0;
  }

  /** One row per resource a job used more of than requested, in the original torc's shape. */
  private List<Map<String, Object>> violations() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ResourceDiagnosis d : diagnoses) {
      JobRecord job = job(d);
      JobResult r = d.result();
      ResourceRequirements rr = d.requested();
      if (d.memoryOver()) {
        rows.add(
            violation(
                job,
                "Memory",
                Formats.memory(rr.memory().bytes()),
                Formats.memory(r.peakMemoryBytes()),
                d.memoryUtilizationPercent()));
      }
      if (d.cpuOver()) {
        rows.add(
            violation(
                job,
                "CPU",
                String.format(Locale.ROOT, "%d%% (%d cores)", 100 * rr.numCpus(), rr.numCpus()),
                Formats.percent(r.peakCpuPercent()),
                d.cpuUtilizationPercent()));
      }
      if (d.runtimeOver()) {
        rows.add(
            violation(
                job,
                "Runtime",
                Formats.duration(rr.runtime()),
                Formats.duration(r.execTimeMinutes() * 60),
                d.runtimeUtilizationPercent()));
      }
    }
    return rows;
  }

  private static Map<String, Object> violation(
      JobRecord job, String resource, String specified, String peakUsed, Double percentOfRequest) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("job_id", job.id());
    json.put("job_name", job.name());
    json.put("resource_type", resource);
    json.put("specified", specified);
    json.put("peak_used", peakUsed);
    json.put(
        "over_utilization",
        percentOfRequest == null
            ? null
            : String.format(Locale.ROOT, "+%.1f%%", percentOfRequest - 100));
    return json;
  }
}
