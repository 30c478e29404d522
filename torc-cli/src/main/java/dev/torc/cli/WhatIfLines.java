package dev.torc.cli;

import dev.torc.recovery.workflow.PolicyReplay;
import dev.torc.sdk.WhatIfReport;
import java.util.function.Consumer;

/** How {@code torc recover --what-if} prints a replay. */
final class WhatIfLines {
  private WhatIfLines() {}

  static void print(WhatIfReport report, String policyName, Consumer<String> out) {
    PolicyReplay.Report replay = report.replay();
    out.accept(
        "What "
            + policyName
            + " would have done with the recorded failures of workflow "
            + replay.workflowId()
            + ":");
    if (replay.jobs().isEmpty()) {
      out.accept("  no job failed");
    }
    for (PolicyReplay.JobReplay job : replay.jobs()) {
      out.accept(
          "  "
              + job.name()
              + " (job "
              + job.jobId()
              + ", first failure "
              + job.firstCause()
              + "): "
              + job.finalState()
              + " after "
              + job.attempts()
              + " attempt(s), memory "
              + job.requirement()
              + "  [recorded: "
              + job.recordedState()
              + " after "
              + job.recordedAttempts()
              + "]");
      job.actions().forEach(a -> out.accept("      " + a));
    }
    StringBuilder summary = new StringBuilder("Would end: ");
    for (String state : WhatIfReport.STATES) {
      summary.append(replay.count(state)).append(' ').append(state).append(", ");
    }
    out.accept(
        summary
            + "in "
            + replay.attempts()
            + " attempt(s) (recorded "
            + replay.recordedAttempts()
            + "); "
            + replay.neverFailed()
            + " job(s) never failed.");
    out.accept("What-if: nothing was changed.");
  }
}
