package dev.torc.cli;

import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.workflow.Adjustment;
import dev.torc.recovery.workflow.JobRecovery;
import dev.torc.recovery.workflow.RecoveryReport;
import java.util.function.Consumer;

/** How {@code torc recover} and {@code torc watch} print a recovery pass. */
final class RecoveryLines {
  private RecoveryLines() {}

  /** The heuristics part: one line per job, then the fixes and what was skipped. */
  static void heuristics(RecoveryReport report, Consumer<String> out) {
    out.accept("Diagnosing failures...");
    out.accept("Applying recovery heuristics...");
    int unknownSkipped = 0;
    for (JobRecovery job : report.jobs()) {
      String prefix = "  Job " + job.jobId() + " (" + job.jobName() + "): ";
      switch (job.action()) {
        case RESIZE -> job.adjustments().forEach(a -> out.accept(prefix + a.describe()));
        case OVER_LIMIT -> {
          Adjustment first = job.adjustments().get(0);
          out.accept(prefix + first.label() + " detected, but " + job.note());
        }
        case RETRY -> out.accept(prefix + cause(job) + ", retrying without changes");
        case SKIP -> {
          if (job.failed().cause() == FailureCause.UNKNOWN) {
            unknownSkipped++;
          } else {
            out.accept(prefix + job.note() + ", skipped");
          }
        }
      }
    }
    long oom = report.fixes("OOM");
    long timeout = report.fixes("Timeout");
    if (oom > 0 || timeout > 0) {
      out.accept("  Applied fixes: " + oom + " OOM, " + timeout + " timeout");
    }
    if (unknownSkipped > 0) {
      out.accept(
          "  "
              + unknownSkipped
              + " job(s) with unknown failure cause (skipped, use --retry-unknown to include)");
    }
  }

  private static String cause(JobRecovery job) {
    FailureCause cause = job.failed().cause();
    return cause == FailureCause.UNKNOWN
        ? "unknown failure cause"
        : cause.label().replace('_', ' ') + " failure";
  }

  /** The lines that say no job could be recovered. */
  static void notRecoverable(RecoveryReport report, Consumer<String> out) {
    long unknown =
        report.withAction(JobRecovery.Action.SKIP).stream()
            .filter(j -> j.failed().cause() == FailureCause.UNKNOWN)
            .count();
    out.accept("");
    out.accept(
        "No recoverable jobs found. "
            + report.jobs().size()
            + " job(s) failed"
            + (unknown > 0 ? ", " + unknown + " with unknown causes." : "."));
    if (unknown > 0) {
      out.accept("Use --retry-unknown to retry jobs with unknown failure causes.");
    }
    out.accept("Or use the Torc MCP server with your AI assistant to investigate.");
  }
}
