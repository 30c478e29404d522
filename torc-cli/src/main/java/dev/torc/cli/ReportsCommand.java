package dev.torc.cli;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.diagnosis.Results;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.sdk.Formats;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc reports ...}: what a workflow's results say about it. */
@Command(
    name = "reports",
    mixinStandardHelpOptions = true,
    description = "Reports on a workflow's results.",
    subcommands = {ReportsCommand.CheckResourceUtilization.class})
final class ReportsCommand {

  @Command(
      name = "check-resource-utilization",
      mixinStandardHelpOptions = true,
      description = {
        "Compare what each job used with what it requested, to tune resource requirements and to"
            + " find jobs that ran out of memory or time.",
        "Looks at the latest attempt of each job in one run (default: the workflow's current"
            + " run), completed attempts only unless --include-failed. Per job it shows requested"
            + " and peak memory, CPUs and peak CPU, runtime limit and execution time, and flags:",
        "  memory over   peak memory > requested memory",
        "  cpu over      peak CPU > 100%% per requested CPU",
        "  runtime over  execution time > runtime limit",
        "  memory under  peak memory < 50%% of requested memory",
        "  cpu under     peak CPU < 50%% of the requested CPUs (more than one requested)",
        "  likely OOM    a failed attempt whose peak memory exceeded the request, or that exited"
            + " with 137 before 80%% of its runtime limit",
        "  likely timeout  a failed attempt that exited with 152 or ran past 90%% of its limit",
        "Memory and CPU flags need the resource monitor's samples; unsampled values show as '-'."
            + " Jobs are compared with their current requirements.",
        "With -f json: {\"workflow_id\", \"run_id\", \"total_results\", \"over_utilization_count\","
            + " \"under_utilization_count\", \"violations\": [one per resource over, as the"
            + " original torc prints], \"resource_violations_count\", \"resource_violations\":"
            + " [one per job listed, with every figure and flag]}."
      },
      footer = {
        "",
        "Examples:",
        "  torc reports check-resource-utilization 1",
        "  torc reports check-resource-utilization 1 --include-failed --all"
      })
  static final class CheckResourceUtilization extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-r", "--run-id"},
        paramLabel = "RUN_ID",
        description = "The run to analyze (default: the workflow's current run).")
    Integer runId;

    @Option(
        names = {"-a", "--all"},
        description =
            "List every job, not only those over or under their request or with a likely"
                + " cause of failure.")
    boolean all;

    @Option(
        names = "--include-failed",
        description =
            "Also analyze attempts that did not complete: failed, terminated, pending_failed and"
                + " attempts that were retried.")
    boolean includeFailed;

    @Override
    int run(WorkflowStore store) {
      if (runId != null && runId < 1) {
        throw new InvalidInputException("--run-id must be at least 1, was " + runId);
      }
      WorkflowRecord workflow = workflow(store, workflowId);
      int run = runId != null ? runId : workflow.runId();
      Map<Long, JobRecord> jobs = ResultsCommand.jobsById(store, workflowId);
      List<ResourceDiagnosis> diagnoses = new ArrayList<>();
      for (JobResult result : Results.latestAttemptPerJob(store.listResults(workflowId), run)) {
        if (includeFailed || result.status() == JobStatus.COMPLETED) {
          diagnoses.add(ResourceDiagnosis.of(jobs.get(result.jobId()).requirements(), result));
        }
      }
      List<ResourceDiagnosis> listed =
          diagnoses.stream().filter(d -> all || noteworthy(d)).toList();
      int overCount = diagnoses.stream().mapToInt(ResourceDiagnosis::overCount).sum();
      int underCount =
          diagnoses.stream()
              .mapToInt(d -> (d.memoryUnder() ? 1 : 0) + (d.cpuUnder() ? 1 : 0))
              .sum();

      if (json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workflow_id", workflowId);
        json.put("run_id", run);
        json.put("total_results", diagnoses.size());
        json.put("over_utilization_count", overCount);
        json.put("under_utilization_count", underCount);
        json.put("violations", violations(diagnoses, jobs));
        json.put("resource_violations_count", listed.size());
        json.put(
            "resource_violations",
            listed.stream().map(d -> entry(d, jobs.get(d.result().jobId()))).toList());
        output().json(json);
        return ExitCodes.OK;
      }

      String scope = includeFailed ? "completed or failed" : "completed";
      if (diagnoses.isEmpty()) {
        output()
            .line(
                "No "
                    + scope
                    + " job results in run "
                    + run
                    + " of workflow "
                    + workflowId
                    + (includeFailed ? "" : " (--include-failed adds failed attempts)"));
        return ExitCodes.OK;
      }
      output()
          .line(
              "Workflow "
                  + workflowId
                  + ", run "
                  + run
                  + ": latest attempts of "
                  + diagnoses.size()
                  + " "
                  + scope
                  + " jobs; "
                  + overCount
                  + " resource"
                  + (overCount == 1 ? "" : "s")
                  + " over, "
                  + underCount
                  + " well under");
      if (listed.isEmpty()) {
        output()
            .line(
                "All "
                    + diagnoses.size()
                    + " jobs stayed within their requested resources"
                    + " and none used much less. Use --all to list them.");
        return ExitCodes.OK;
      }
      output()
          .table(
              List.of(
                  "Job ID",
                  "Job Name",
                  "Attempt",
                  "Status",
                  "RC",
                  "Memory (peak / requested)",
                  "CPU (peak / requested)",
                  "Runtime (used / limit)",
                  "Flags"),
              listed.stream().map(d -> row(d, jobs.get(d.result().jobId()))).toList());
      if (!all) {
        output().line("Use --all to list every job, including those within their requests.");
      }
      return ExitCodes.OK;
    }

    private static boolean noteworthy(ResourceDiagnosis d) {
      return d.anyOver() || d.anyUnder() || d.likelyOom() || d.likelyTimeout();
    }
  }

  private static List<String> row(ResourceDiagnosis d, JobRecord job) {
    JobResult r = d.result();
    ResourceRequirements rr = d.requested();
    return List.of(
        String.valueOf(job.id()),
        job.name(),
        String.valueOf(r.attemptId()),
        r.status().label(),
        String.valueOf(r.returnCode()),
        Formats.memory(r.peakMemoryBytes()) + " / " + Formats.memory(rr.memory().bytes()),
        Formats.percent(r.peakCpuPercent())
            + " / "
            + rr.numCpus()
            + (rr.numCpus() == 1 ? " CPU" : " CPUs"),
        Formats.duration(r.execTimeMinutes() * 60) + " / " + Formats.duration(rr.runtime()),
        flags(d));
  }

  private static String flags(ResourceDiagnosis d) {
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

  /** One job's figures and flags. */
  static Map<String, Object> entry(ResourceDiagnosis d, JobRecord job) {
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
  private static List<Map<String, Object>> violations(
      List<ResourceDiagnosis> diagnoses, Map<Long, JobRecord> jobs) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ResourceDiagnosis d : diagnoses) {
      JobRecord job = jobs.get(d.result().jobId());
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
