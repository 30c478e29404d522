package dev.torc.cli;

import dev.torc.diagnosis.ResourceDiagnosis;
import dev.torc.model.ResourceRequirements;
import dev.torc.sdk.Formats;
import dev.torc.sdk.ResultsReport;
import dev.torc.sdk.Torc;
import dev.torc.sdk.UtilizationQuery;
import dev.torc.sdk.UtilizationReport;
import dev.torc.sdk.WorkflowSummary;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc reports ...}: what a workflow's results say about it. */
@Command(
    name = "reports",
    mixinStandardHelpOptions = true,
    description = "Reports on a workflow's results.",
    subcommands = {
      ReportsCommand.CheckResourceUtilization.class,
      ReportsCommand.Summary.class,
      ReportsCommand.Results.class,
      ReportsPlotsCommand.class
    })
final class ReportsCommand {

  @Command(
      name = "summary",
      mixinStandardHelpOptions = true,
      description = {
        "Summarize a workflow: its jobs by status, whether it is complete, the failed jobs with"
            + " their return codes, and the execution time of its current run's attempts.",
        "With -f json: workflow_id, workflow_name, workflow_user, total_jobs, jobs_by_status,"
            + " is_complete, is_canceled, total_exec_time_minutes, total_exec_time_formatted (the"
            + " original torc's fields), and run_id, failed_jobs, pending_failed_count,"
            + " results_count."
      })
  static final class Summary extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Override
    int run(Torc torc) {
      WorkflowSummary summary = torc.summary(workflowId);
      if (json()) {
        output().json(summary.toJson());
        return ExitCodes.OK;
      }
      var status = summary.status();
      output()
          .line(
              "Workflow "
                  + workflowId
                  + " ("
                  + status.workflow().name()
                  + "), run "
                  + status.workflow().runId()
                  + ": "
                  + status.totalJobs()
                  + " jobs, "
                  + (status.complete() ? "complete" : "not complete")
                  + (status.workflow().canceled() ? ", canceled" : ""));
      output()
          .table(
              List.of("Status", "Jobs"),
              status.countsByLabel().entrySet().stream()
                  .filter(e -> !Integer.valueOf(0).equals(e.getValue()))
                  .map(e -> List.of(e.getKey(), String.valueOf(e.getValue())))
                  .toList());
      output()
          .line(
              "Total execution time: "
                  + Formats.duration(summary.totalExecTimeMinutes() * 60)
                  + " in "
                  + summary.resultsCount()
                  + " attempts");
      if (summary.failed().count() > 0) {
        output().line("Failed, canceled or terminated jobs: " + summary.failed().count());
        output()
            .table(
                List.of("Job ID", "Name", "Status", "Attempt", "Return Code"),
                summary.failed().jobs().stream()
                    .map(
                        f ->
                            List.of(
                                String.valueOf(f.jobId()),
                                f.name(),
                                f.status().label(),
                                String.valueOf(f.attemptId()),
                                String.valueOf(f.returnCode())))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "results",
      mixinStandardHelpOptions = true,
      description = {
        "Report every result of a workflow's current run (or of all runs) with the paths of each"
            + " attempt's stdout and stderr logs. Prints JSON whatever -f says, as the original"
            + " torc does.",
        "JSON: {\"workflow_id\", \"workflow_name\", \"workflow_user\", \"all_runs\","
            + " \"total_results\", \"results\": [{\"job_id\", \"job_name\", \"status\","
            + " \"run_id\", \"attempt_id\", \"return_code\", \"completion_time\","
            + " \"exec_time_minutes\", \"compute_node_type\", \"job_stdout\","
            + " \"job_stderr\"}]}; a log path is null when the log does not exist."
      })
  static final class Results extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-o", "--output-dir"},
        paramLabel = "DIR",
        defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR,
        description = "Where the runs wrote the jobs' logs" + TorcCommand.OUTPUT_DIR_HELP + ".")
    java.nio.file.Path outputDir;

    @Option(names = "--all-runs", description = "Results of every run, not only the current one.")
    boolean allRuns;

    @Override
    int run(Torc torc) {
      ResultsReport report = torc.resultsReport(workflowId, outputDir, allRuns);
      output().json(report.toJson());
      return ExitCodes.OK;
    }
  }

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
    int run(Torc torc) {
      if (runId != null && runId < 1) {
        throw new InvalidInputException("--run-id must be at least 1, was " + runId);
      }
      UtilizationReport report =
          torc.resourceUtilization(new UtilizationQuery(workflowId, runId, all, includeFailed));
      if (json()) {
        output().json(report.toJson());
        return ExitCodes.OK;
      }
      int run = report.runId();
      List<ResourceDiagnosis> diagnoses = report.diagnoses();
      List<ResourceDiagnosis> listed = report.listed();
      int overCount = report.overCount();
      int underCount = report.underCount();

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
              listed.stream().map(d -> row(d, report.job(d))).toList());
      if (!all) {
        output().line("Use --all to list every job, including those within their requests.");
      }
      return ExitCodes.OK;
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
        UtilizationReport.flags(d));
  }
}
