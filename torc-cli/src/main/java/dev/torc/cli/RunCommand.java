package dev.torc.cli;

import dev.torc.sdk.CreateRequest;
import dev.torc.sdk.CreatedWorkflow;
import dev.torc.sdk.RunReport;
import dev.torc.sdk.Torc;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code torc run SPEC|WORKFLOW_ID}: create (from a spec) and run a workflow to its end. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a workflow on this machine to its end: from a spec file (created first), or a stored"
          + " workflow by id (resumed where it stopped).",
      "Jobs start when their dependencies are done and their CPUs, memory and GPUs fit what is"
          + " free; logs go to OUTPUT_DIR/job_stdio/job_wf{W}_j{J}_r{R}_a{A}.o and .e.",
      "A run killed at any moment loses nothing: run the workflow again by id to finish it."
    },
    footer = {
      "",
      "Exit status: 0 every job completed; 1 a job failed, was canceled or terminated;"
          + " 2 invalid input; 3 jobs await classification (pending_failed)."
    })
final class RunCommand extends StoreCommand {
  @Parameters(paramLabel = "SPEC|WORKFLOW_ID", description = "A spec file or a workflow id.")
  String target;

  @Mixin RunOptionsMixin run;

  @Override
  int run(Torc torc) {
    long workflowId;
    if (target.matches("\\d+")) {
      workflowId = Long.parseLong(target);
    } else {
      run.toRequest().options().checkOutputDirWritable();
      CreatedWorkflow created = torc.createWorkflow(CreateRequest.spec(Path.of(target)).build());
      workflowId = created.workflowId();
      if (!run.quiet && !json()) {
        err()
            .println(
                "Created workflow "
                    + workflowId
                    + " ("
                    + created.workflow().name()
                    + ") with "
                    + created.numJobs()
                    + " jobs");
      }
    }
    return runWorkflow(this, torc, workflowId, run);
  }

  /** Runs a stored workflow with the options, showing progress, and reports how it ended. */
  static int runWorkflow(StoreCommand command, Torc torc, long workflowId, RunOptionsMixin run) {
    RunReport report;
    try (Progress progress =
        run.quiet
            ? null
            : new Progress(torc, workflowId, command.err(), Terminal.stderrIsTerminal())) {
      report = torc.run(workflowId, run.toRequest());
    }
    RunLines.report(command, report);
    return RunLines.exitCode(report.result());
  }
}
