package dev.torc.cli;

import dev.torc.sdk.Hpc;
import dev.torc.sdk.Submitted;
import dev.torc.sdk.Torc;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc submit-slurm SPEC}: generate schedulers and actions, create, submit. */
@Command(
    name = "submit-slurm",
    mixinStandardHelpOptions = true,
    description = {
      "Submit a spec to Slurm: generate its schedulers and staged actions on an HPC profile (as"
          + " torc slurm generate does), create the workflow and fire its on_workflow_start"
          + " actions, which request the first allocations; later ones are requested when their"
          + " jobs become ready."
    })
final class SubmitSlurmCommand extends StoreCommand {
  @Parameters(paramLabel = "SPEC", description = "The workflow spec file.")
  Path specFile;

  @Mixin SlurmPlanOptions plan;

  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      description =
          "Where actions and workers write their logs" + TorcCommand.OUTPUT_DIR_HELP + ".",
      defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR)
  Path outputDir;

  @Override
  int run(Torc torc) {
    Submitted submitted =
        torc.submitSlurm(
            Hpc.fromEnvironment(), specFile, plan.profile, plan.toOptions(true), outputDir);
    if (json()) {
      output().json(submitted.toJson());
    } else {
      output()
          .line(
              "Created and submitted workflow "
                  + submitted.workflowId()
                  + ": fired "
                  + submitted.actionsFired()
                  + " on_workflow_start action(s)");
    }
    return ExitCodes.OK;
  }
}
