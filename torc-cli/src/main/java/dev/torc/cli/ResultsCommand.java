package dev.torc.cli;

import dev.torc.model.JobStatus;
import dev.torc.sdk.Formats;
import dev.torc.sdk.JsonViews;
import dev.torc.sdk.ResultPage;
import dev.torc.sdk.ResultQuery;
import dev.torc.sdk.Torc;
import dev.torc.store.JobResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc results ...}: the recorded outcome of each attempt of each job. */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect the results of a workflow's jobs: one per attempt, with the exit code, the"
          + " status it ended in, how long it ran and, when the resource monitor sampled it, its"
          + " peak and average memory and CPU."
    },
    subcommands = {ResultsCommand.ListResults.class})
final class ResultsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List a workflow's results in the order they were recorded, oldest first.",
        "By default only results of the workflow's current run (the run_id `workflows status`"
            + " shows) are listed; --run-id picks another run and --all-runs lists every run.",
        "With -f json: {\"results\": [...]}, each with id (the store's id of the result), job_id, job_name, run_id, attempt_id,"
            + " return_code, status, exec_time_minutes, completion_time, peak_memory_bytes,"
            + " avg_memory_bytes, peak_cpu_percent and avg_cpu_percent (null when not sampled)."
      },
      footer = {"", "Example: torc results list 1 --job 4 --all-runs"})
  static final class ListResults extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-j", "--job", "--job-id"},
        paramLabel = "JOB_ID",
        description = "Only results of this job; repeat for several jobs.")
    List<Long> jobIds;

    @Option(
        names = {"-r", "--run-id"},
        paramLabel = "RUN_ID",
        description = "Only results of this run (default: the workflow's current run).")
    Integer runId;

    @Option(names = "--all-runs", description = "Results of every run, not only the current one.")
    boolean allRuns;

    @Option(
        names = {"-s", "--status"},
        paramLabel = "STATUS",
        description =
            "Only results that ended in this status, such as completed, failed, terminated or"
                + " pending_failed.")
    String status;

    @Option(names = "--failed", description = "Only results with a non-zero return code.")
    boolean failed;

    @Option(
        names = "--return-code",
        paramLabel = "CODE",
        description = "Only results with this return code.")
    Integer returnCode;

    @picocli.CommandLine.Mixin ListOptionsMixin list;

    @Override
    int run(Torc torc) {
      if (allRuns && runId != null) {
        throw new InvalidInputException("use either --run-id or --all-runs, not both");
      }
      if (runId != null && runId < 1) {
        throw new InvalidInputException("--run-id must be at least 1, was " + runId);
      }
      JobStatus wanted = status == null ? null : parseStatus(status);
      ResultQuery.Builder query =
          ResultQuery.workflow(workflowId)
              .jobIds(jobIds)
              .runId(runId)
              .allRuns(allRuns)
              .status(wanted)
              .failedOnly(failed)
              .returnCode(returnCode)
              .sortBy(list.sortBy)
              .reverse(list.reverse)
              .limit(list.query().limit())
              .offset(list.offset);
      ResultPage page;
      try {
        page = torc.results(query.build());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(e.getMessage());
      }
      List<JobResult> results = page.results();
      Map<Long, String> names = new HashMap<>(page.jobNames());
      int run = page.runId() == null ? 0 : page.runId();
      if (json()) {
        output()
            .json(
                Map.of(
                    "results",
                    results.stream()
                        .map(r -> JsonViews.result(r, names.get(r.jobId()), page.id(r)))
                        .toList()));
        return ExitCodes.OK;
      }
      if (results.isEmpty()) {
        output()
            .line(
                "No results for workflow "
                    + workflowId
                    + (allRuns ? "" : " in run " + run)
                    + (jobIds == null ? "" : " for job " + joined(jobIds))
                    + (wanted == null ? "" : " with status " + wanted.label())
                    + (failed ? " that failed" : "")
                    + (returnCode == null ? "" : " with return code " + returnCode));
        return ExitCodes.OK;
      }
      output()
          .table(
              List.of(
                  "Job ID",
                  "Job Name",
                  "Run",
                  "Attempt",
                  "Return Code",
                  "Status",
                  "Exec Time (min)",
                  "Peak Mem",
                  "Avg Mem",
                  "Peak CPU",
                  "Avg CPU",
                  "Completion Time"),
              results.stream()
                  .map(
                      r ->
                          List.of(
                              String.valueOf(r.jobId()),
                              names.get(r.jobId()),
                              String.valueOf(r.runId()),
                              String.valueOf(r.attemptId()),
                              String.valueOf(r.returnCode()),
                              r.status().label(),
                              Formats.minutes(r.execTimeMinutes()),
                              Formats.memory(r.peakMemoryBytes()),
                              Formats.memory(r.avgMemoryBytes()),
                              Formats.percent(r.peakCpuPercent()),
                              Formats.percent(r.avgCpuPercent()),
                              r.completionTime().toString()))
                  .toList());
      return ExitCodes.OK;
    }
  }

  static JobStatus parseStatus(String label) {
    try {
      return JobStatus.fromLabel(label);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  private static String joined(List<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
