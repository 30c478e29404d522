package dev.torc.cli;

import dev.torc.model.JobStatus;
import dev.torc.run.RunResult;
import dev.torc.sdk.RunReport;
import java.util.List;
import java.util.stream.Collectors;

/** How {@code torc run}, {@code torc workflows run} and {@code torc recover} print a run. */
final class RunLines {
  private RunLines() {}

  /** The exit status of a run that ended so. */
  static int exitCode(RunResult result) {
    return switch (result.outcome()) {
      case COMPLETED -> ExitCodes.OK;
      case AWAITING_CLASSIFICATION -> ExitCodes.AWAITING_CLASSIFICATION;
      case FAILED, CANCELED -> ExitCodes.FAILURE;
    };
  }

  /** Prints how the run ended: as JSON, or as the lines of the original torc. */
  static void report(StoreCommand command, RunReport report) {
    if (command.json()) {
      command.output().json(report.toJson());
      return;
    }
    RunResult result = report.result();
    Output out = command.output();
    StringBuilder counts = new StringBuilder();
    result
        .counts()
        .forEach((status, n) -> counts.append(n).append(' ').append(status.label()).append(", "));
    String summary = counts.length() > 2 ? counts.substring(0, counts.length() - 2) : "no jobs";
    long id = result.workflowId();
    switch (result.outcome()) {
      case COMPLETED -> out.line("Workflow " + id + " completed: " + summary);
      case CANCELED -> out.line("Workflow " + id + " was canceled: " + summary);
      case FAILED -> out.line("Workflow " + id + " finished with failures: " + summary);
      case AWAITING_CLASSIFICATION ->
          out.line("Workflow " + id + " stopped with jobs awaiting classification: " + summary);
    }
    // Also after failures: the pending_failed jobs wait for a classification all the same.
    if (result.count(JobStatus.PENDING_FAILED) > 0) {
      String ids =
          result.jobs().stream()
              .filter(j -> j.status() == JobStatus.PENDING_FAILED)
              .map(j -> String.valueOf(j.jobId()))
              .collect(Collectors.joining(" "));
      out.line(
          result.count(JobStatus.PENDING_FAILED)
              + " jobs await classification; classify them with: torc jobs classify "
              + id
              + " --job "
              + ids
              + " --action retry|fail --reason TEXT");
    }
    List<RunResult.JobOutcome> unsuccessful =
        result.jobs().stream()
            .filter(j -> j.status().isUnsuccessfulEnd() || j.status() == JobStatus.PENDING_FAILED)
            .limit(20)
            .toList();
    for (RunResult.JobOutcome job : unsuccessful) {
      out.line(
          "  job "
              + job.jobId()
              + " ("
              + job.name()
              + "): "
              + job.status().label()
              + (job.returnCode() == null ? "" : ", return code " + job.returnCode()));
    }
    out.line(
        "Logs: " + report.outputDir().resolve("job_stdio") + "; results: torc results list " + id);
  }
}
