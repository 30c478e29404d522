package dev.torc.cli;

import dev.torc.recovery.workflow.JobRecovery;
import dev.torc.recovery.workflow.RecoveryReport;
import dev.torc.sdk.RecoverReport;
import dev.torc.sdk.RecoverRequest;
import dev.torc.sdk.Torc;
import dev.torc.sdk.WhatIfReport;
import dev.torc.sdk.WhatIfRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc recover WF}: one recovery pass, then run the workflow again. */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = {
      "Recover a workflow whose jobs failed: diagnose every failed, terminated and pending_failed"
          + " job of the current run (OOM: peak memory over the request, or exit 137 before 80%%"
          + " of the runtime limit; timeout: exit 152, or past 90%% of it; other causes from the"
          + " failure records), give OOM jobs more memory (a first retry with headroom, see"
          + " --oom-headroom) and timed-out jobs more runtime, reset"
          + " them and their downstream jobs, and run the workflow again on this machine.",
      "Jobs that succeeded keep their requests; a request is never raised past this machine's"
          + " memory (or --memory-gb): such a job fails with a message instead.",
      "Transient, preempted and node failures are retried unchanged; unknown ones only with"
          + " --retry-unknown or --recovery-hook; permanent ones never."
    },
    footer = {
      "",
      "Exit status: as torc run after the pass (0 every job completed); 1 when no failed job"
          + " could be recovered; 0 for --dry-run and --no-run when the pass would change or"
          + " changed something; 2 invalid input or jobs still running."
    })
final class RecoverCommand extends StoreCommand {
  @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow to recover.")
  long workflowId;

  @Option(
      names = "--dry-run",
      description = "Show exactly what would change, and change nothing (no hook, no run).")
  boolean dryRun;

  @Option(names = "--no-run", description = "Reset the jobs but do not run the workflow.")
  boolean noRun;

  @Option(
      names = "--what-if",
      paramLabel = "POLICY.yaml",
      description = {
        "Replay this recovery policy over the workflow's recorded failures and print, per job that"
            + " failed, what it would have done (retries, resizes, stops), the attempts it would"
            + " take and the state it would end in, beside what was recorded. Changes nothing."
            + " Keys, all optional: memory_multiplier, runtime_multiplier, oom_headroom (first"
            + " retry after a memory kill asks for this many times the request; 1 turns it off),"
            + " oom_margin, retry_unknown, retry_causes, budgets ({oom: 2, transient: 3, ...}),"
            + " max_memory, max_runtime, max_passes. Left out: the defaults of watch --recover."
      })
  Path whatIf;

  @Mixin RecoveryOptionsMixin recoveryOptions;

  @Mixin RunOptionsMixin run;

  @Mixin AiRecoveryOptions ai;

  @Override
  int run(Torc torc) {
    torc.getWorkflow(workflowId);
    if (whatIf != null) {
      return whatIf(torc);
    }
    RecoverRequest request =
        RecoverRequest.builder()
            .run(run.toRequest())
            .recovery(recoveryOptions.toOptions())
            .dryRun(dryRun)
            .noRun(noRun)
            .classifier(ai.classifier(root().databaseLocation(), run.outputDir()))
            .actor(actor())
            .build();
    RecoverReport recovered;
    try (Progress progress =
        run.quiet || dryRun || noRun
            ? null
            : new Progress(torc, workflowId, err(), Terminal.stderrIsTerminal())) {
      recovered = torc.recover(workflowId, request);
    }
    RecoveryReport report = recovered.report();
    Consumer<String> out = json() ? line -> {} : output()::line;
    if (recovered.settled() > 0) {
      out.accept(
          "Settled "
              + recovered.settled()
              + " job(s) left by a runner that died; they will run again.");
    }
    switch (recovered.outcome()) {
      case NOTHING_TO_RECOVER -> {
        if (json()) {
          output().json(recovered.toJson());
        } else {
          out.accept("Workflow " + workflowId + " has no failed jobs; nothing to recover.");
        }
        return ExitCodes.OK;
      }
      case NOT_RECOVERABLE -> {
        RecoveryLines.heuristics(report, out);
        RecoveryLines.notRecoverable(report, out);
        if (json()) {
          output().json(recovered.toJson());
        }
        return ExitCodes.FAILURE;
      }
      default -> {}
    }
    if (!report.jobs().isEmpty()) {
      RecoveryLines.heuristics(report, out);
    }
    long rerun = report.jobs().stream().filter(j -> j.action().reruns()).count();
    if (recovered.outcome() == RecoverReport.Outcome.DRY_RUN) {
      if (recoveryOptions.recoveryHook != null) {
        out.accept("Would run the recovery hook: " + recoveryOptions.recoveryHook);
      }
      out.accept(
          "Would reset "
              + rerun
              + " job(s) and their downstream jobs"
              + (noRun ? "." : " and run workflow " + workflowId + " again."));
      out.accept("Dry run: nothing was changed.");
      if (json()) {
        output().json(recovered.toJson());
      }
      return ExitCodes.OK;
    }
    if (!report.jobs().isEmpty()) {
      if (report.hookRan()) {
        out.accept("Ran the recovery hook: " + recoveryOptions.recoveryHook);
      }
      out.accept("Resetting " + rerun + " job(s) for retry...");
      out.accept("  Reset " + report.resetCount() + " job(s)");
      out.accept("");
      out.accept("Recovery complete for workflow " + workflowId);
      long memory = countResized(report, "memory");
      long runtime = countResized(report, "runtime");
      if (memory > 0) {
        out.accept("  - " + memory + " job(s) had memory increased");
      }
      if (runtime > 0) {
        out.accept("  - " + runtime + " job(s) had runtime increased");
      }
    }
    if (recovered.outcome() == RecoverReport.Outcome.RESET) {
      out.accept("Run it again with: torc run " + workflowId);
      if (json()) {
        output().json(recovered.toJson());
      }
      return ExitCodes.OK;
    }
    out.accept("Running workflow " + workflowId + " again...");
    if (json()) {
      output().json(recovered.toJson());
    } else {
      RunLines.report(this, recovered.run());
      recovered
          .rightSized()
          .forEach(
              r ->
                  out.accept(
                      "Job " + r.jobId() + " (" + r.jobName() + ") right-sized: " + r.describe()));
    }
    return RunLines.exitCode(recovered.runResult());
  }

  private int whatIf(Torc torc) {
    String policy;
    try {
      policy = Files.readString(whatIf);
    } catch (IOException e) {
      throw new InvalidInputException("--what-if: cannot read " + whatIf + ": " + e.getMessage());
    }
    WhatIfReport report = torc.whatIf(workflowId, new WhatIfRequest(policy));
    if (json()) {
      output().json(report.toJson());
    } else {
      WhatIfLines.print(report, whatIf.getFileName().toString(), output()::line);
    }
    return ExitCodes.OK;
  }

  private static long countResized(RecoveryReport report, String resource) {
    return report.withAction(JobRecovery.Action.RESIZE).stream()
        .filter(j -> j.adjustments().stream().anyMatch(a -> a.resource().equals(resource)))
        .count();
  }
}
