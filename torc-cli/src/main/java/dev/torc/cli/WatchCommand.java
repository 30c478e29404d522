package dev.torc.cli;

import dev.torc.model.JobStatus;
import dev.torc.recovery.workflow.RecoveryReport;
import dev.torc.recovery.workflow.RightSized;
import dev.torc.recovery.workflow.WatchListener;
import dev.torc.recovery.workflow.WatchResult;
import dev.torc.recovery.workflow.WorkflowWatch;
import dev.torc.sdk.AutoScheduleOptions;
import dev.torc.sdk.Torc;
import dev.torc.sdk.WatchReport;
import dev.torc.sdk.WatchRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc watch WF [--recover]}: run and watch a workflow to its end, recovering failures. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Watch a workflow until it is complete, running it on this machine meanwhile. With"
          + " --recover, when jobs failed: diagnose them, give out-of-memory jobs more memory and"
          + " timed-out jobs more runtime, reset them and their downstream jobs, run again, and"
          + " repeat until every job completed or --max-retries recovery passes were made (see"
          + " torc recover --help for the rules).",
      "Each poll costs the store one query, whatever the number of jobs."
    },
    footer = {
      "",
      "Exit status: 0 every job completed; 1 jobs failed (recovery off, nothing recoverable, or"
          + " max retries exceeded); 2 invalid input."
    })
final class WatchCommand extends StoreCommand {
  @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow to watch.")
  long workflowId;

  @Option(
      names = {"-r", "--recover", "--auto-recover"},
      description = "Recover failed jobs automatically.")
  boolean recover;

  @Option(
      names = {"-m", "--max-retries"},
      paramLabel = "N",
      defaultValue = "3",
      description = "Recovery passes at most (default: ${DEFAULT-VALUE}).")
  int maxRetries;

  @Option(
      names = {"-p", "--poll-interval"},
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Seconds between status checks (default: ${DEFAULT-VALUE}).")
  double pollInterval;

  @Option(
      names = {"-s", "--show-job-counts"},
      description = "Print the job counts by status at each poll.")
  boolean showJobCounts;

  @Option(
      names = "--auto-schedule",
      description =
          "For a workflow that uses Slurm (has schedulers or allocations): submit allocations"
              + " while watching. With no live allocation and ready jobs, one at once; with live"
              + " allocations, only when more retried jobs wait than the threshold, at most once"
              + " per cooldown, or when retried jobs waited past the stranded timeout. Such a"
              + " workflow is run by its allocations, not on this machine; each poll also settles"
              + " the jobs of lost allocations (as sync-status does).")
  boolean autoSchedule;

  @Option(
      names = "--auto-schedule-threshold",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Retried jobs (attempt > 1) to exceed before adding allocations beside live ones"
              + " (default: ${DEFAULT-VALUE}).")
  int autoScheduleThreshold;

  @Option(
      names = "--auto-schedule-cooldown",
      paramLabel = "SECONDS",
      defaultValue = "1800",
      description =
          "Least seconds between submissions beside live allocations (default:"
              + " ${DEFAULT-VALUE}).")
  long autoScheduleCooldown;

  @Option(
      names = "--auto-schedule-stranded-timeout",
      paramLabel = "SECONDS",
      defaultValue = "7200",
      description =
          "Seconds retried jobs may wait below the threshold before they are scheduled anyway;"
              + " 0 disables (default: ${DEFAULT-VALUE}).")
  long autoScheduleStrandedTimeout;

  @Mixin RunnerOptionsMixin runner;

  @Mixin RecoveryOptionsMixin recoveryOptions;

  @Mixin AiRecoveryOptions ai;

  @Override
  int run(Torc torc) throws InterruptedException {
    torc.getWorkflow(workflowId);
    if (!(pollInterval > 0)) {
      throw new InvalidInputException("--poll-interval must be positive, was " + pollInterval);
    }
    if (maxRetries < 0) {
      throw new InvalidInputException("--max-retries cannot be negative, was " + maxRetries);
    }
    if (autoScheduleThreshold < 0 || autoScheduleCooldown < 0 || autoScheduleStrandedTimeout < 0) {
      throw new InvalidInputException(
          "--auto-schedule-threshold, --auto-schedule-cooldown and"
              + " --auto-schedule-stranded-timeout cannot be negative");
    }
    RunOptionsMixin run = RunOptionsMixin.quiet(runner);
    Consumer<String> out = json() ? err()::println : output()::line;
    WatchRequest request =
        WatchRequest.builder()
            .run(run.toRequest())
            .recovery(recover ? recoveryOptions.toOptions() : null)
            .maxRetries(maxRetries)
            .pollInterval(Duration.ofMillis((long) (pollInterval * 1000)))
            .countJobs(showJobCounts)
            .classifier(ai.classifier(root().databaseLocation(), runner.outputDir))
            .actor(actor())
            .autoSchedule(
                autoSchedule
                    ? new AutoScheduleOptions(
                        autoScheduleThreshold,
                        Duration.ofSeconds(autoScheduleCooldown),
                        Duration.ofSeconds(autoScheduleStrandedTimeout),
                        root().databaseLocation(),
                        runner.outputDir.toAbsolutePath())
                    : null)
            .build();
    WatchReport report = torc.watch(workflowId, request, new Printer(out));
    WatchResult result = report.result();
    switch (result.outcome()) {
      case SUCCEEDED -> {
        int jobs = result.counts().values().stream().mapToInt(Integer::intValue).sum();
        out.accept("");
        out.accept("\u2713 Workflow completed successfully (" + jobs + " jobs)");
      }
      case FAILED -> {
        out.accept("");
        out.accept("Auto-recovery disabled. To enable, use --auto-recover flag.");
        out.accept("Or use the Torc MCP server with your AI assistant for manual recovery.");
      }
      case MAX_RETRIES_EXCEEDED -> {
        out.accept("");
        out.accept("Max retries (" + maxRetries + ") exceeded. Manual intervention required.");
        out.accept("Use the Torc MCP server with your AI assistant to investigate.");
      }
      case NOT_RECOVERABLE ->
          RecoveryLines.notRecoverable(result.passes().get(result.passes().size() - 1), out);
    }
    if (json()) {
      output().json(report.toJson());
    }
    return result.outcome() == WatchResult.Outcome.SUCCEEDED ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** Prints what the watch sees, with the messages of the original torc. */
  private final class Printer implements WatchListener {
    private final Consumer<String> out;

    Printer(Consumer<String> out) {
      this.out = out;
    }

    @Override
    public void watching(long id) {
      out.accept(
          "Watching workflow "
              + id
              + " (poll interval: "
              + seconds()
              + "s"
              + (recover ? ", auto-recover enabled, max retries: " + maxRetries : "")
              + (showJobCounts ? ", job counts enabled" : "")
              + ")");
    }

    private String seconds() {
      return pollInterval == Math.rint(pollInterval)
          ? Long.toString((long) pollInterval)
          : Double.toString(pollInterval);
    }

    @Override
    public void polled(long id, Map<JobStatus, Integer> counts) {
      if (showJobCounts) {
        out.accept(countsLine(counts));
      }
    }

    @Override
    public void rightSized(long id, List<RightSized> jobs) {
      for (RightSized job : jobs) {
        out.accept(
            "  Job " + job.jobId() + " (" + job.jobName() + ") right-sized: " + job.describe());
      }
    }

    @Override
    public void complete(long id, Map<JobStatus, Integer> counts) {
      if (showJobCounts) {
        out.accept(countsLine(counts));
      }
      out.accept("Workflow " + id + " is complete");
      if (WorkflowWatch.hasFailures(counts)) {
        out.accept("");
        out.accept("Workflow completed with failures:");
        out.accept("  - Failed: " + counts.getOrDefault(JobStatus.FAILED, 0));
        out.accept("  - Canceled: " + counts.getOrDefault(JobStatus.CANCELED, 0));
        out.accept("  - Terminated: " + counts.getOrDefault(JobStatus.TERMINATED, 0));
        int pendingFailed = counts.getOrDefault(JobStatus.PENDING_FAILED, 0);
        if (pendingFailed > 0) {
          out.accept("  - Pending failed (awaiting classification): " + pendingFailed);
        }
        out.accept("  - Completed: " + counts.getOrDefault(JobStatus.COMPLETED, 0));
      }
    }

    @Override
    public void recovering(long id, int attempt, int max) {
      out.accept("");
      out.accept("Attempting automatic recovery (attempt " + attempt + "/" + max + ")");
      out.accept("");
    }

    @Override
    public void recovered(RecoveryReport report) {
      RecoveryLines.heuristics(report, out);
      if (!report.recoverable()) {
        return;
      }
      if (report.hookRan()) {
        out.accept("Ran the recovery hook: " + recoveryOptions.recoveryHook);
      }
      out.accept("");
      out.accept("Resetting failed jobs...");
      out.accept("  Reset " + report.resetCount() + " job(s); running them on this machine");
      out.accept("");
      out.accept("Recovery initiated. Resuming monitoring...");
      out.accept("");
    }
  }

  private static String countsLine(Map<JobStatus, Integer> counts) {
    StringBuilder line =
        new StringBuilder("  completed=")
            .append(counts.getOrDefault(JobStatus.COMPLETED, 0))
            .append(", running=")
            .append(counts.getOrDefault(JobStatus.RUNNING, 0))
            .append(", pending=")
            .append(
                counts.getOrDefault(JobStatus.PENDING, 0) + counts.getOrDefault(JobStatus.READY, 0))
            .append(", failed=")
            .append(counts.getOrDefault(JobStatus.FAILED, 0))
            .append(", blocked=")
            .append(counts.getOrDefault(JobStatus.BLOCKED, 0));
    int pendingFailed = counts.getOrDefault(JobStatus.PENDING_FAILED, 0);
    if (pendingFailed > 0) {
      line.append(", pending_failed=").append(pendingFailed);
    }
    return line.toString();
  }
}
