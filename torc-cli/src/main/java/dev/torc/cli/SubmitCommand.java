package dev.torc.cli;

import dev.torc.sdk.CreateRequest;
import dev.torc.sdk.Submitted;
import dev.torc.sdk.Torc;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code torc submit SPEC|WORKFLOW_ID}: create (from a spec) and fire on_workflow_start actions.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit a workflow: create it from a spec file (or take a stored one by id) and fire its"
          + " on_workflow_start actions, such as schedule_nodes actions that start the workers"
          + " (Slurm allocations or local runners) which then run it; the command does not wait"
          + " for the jobs.",
      "Actions that fired before (by an earlier submit or a runner) do not fire again.",
      "A workflow without actions runs only when a runner is started: use torc run."
    })
final class SubmitCommand extends StoreCommand {
  @Parameters(paramLabel = "SPEC|WORKFLOW_ID", description = "A spec file or a workflow id.")
  String target;

  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      description =
          "Where actions run and log, and started workers write job logs"
              + TorcCommand.OUTPUT_DIR_HELP
              + ".",
      defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR)
  Path outputDir;

  @Override
  int run(Torc torc) {
    long workflowId;
    boolean created = !target.matches("\\d+");
    if (created) {
      workflowId =
          torc.createWorkflow(
                  CreateRequest.spec(Path.of(target)).defaultUser(System.getenv("USER")).build())
              .workflowId();
    } else {
      workflowId = Long.parseLong(target);
    }
    Submitted submitted = torc.submitWorkflow(workflowId, outputDir, created);
    if (json()) {
      output().json(submitted.toJson());
      return ExitCodes.OK;
    }
    output()
        .line(
            (created ? "Created and submitted" : "Submitted")
                + " workflow "
                + workflowId
                + ": fired "
                + submitted.actionsFired()
                + " on_workflow_start action(s)");
    if (submitted.actions() == 0) {
      err()
          .println(
              "note: the workflow has no actions; start a runner with: torc run " + workflowId);
    }
    return ExitCodes.OK;
  }
}
