package dev.torc.cli;

import dev.torc.sdk.Hpc;
import dev.torc.sdk.Regenerated;
import dev.torc.sdk.Torc;
import dev.torc.store.SlurmSchedulerRecord;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code torc slurm regenerate WF}: schedulers for the jobs still waiting, from their sizes now.
 */
@Command(
    name = "regenerate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate Slurm schedulers for a workflow's jobs still waiting to run (uninitialized,"
          + " blocked or ready), sized from their current requirements (after recovery resized"
          + " them), as torc slurm generate plans them, and add them beside the workflow's"
          + " schedulers. With --submit, submit one allocation on each.",
      "A job that fits no partition of the profile is an error naming the limit."
    })
final class SlurmRegenerateCommand extends StoreCommand {
  @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
  long workflowId;

  @Option(
      names = "--account",
      paramLabel = "ACCOUNT",
      description =
          "The Slurm account to charge (default: the profile's, else that of the workflow's"
              + " newest scheduler).")
  String account;

  @Option(
      names = "--hpc-profile",
      paramLabel = "PROFILE",
      description = "The HPC profile to plan on (default: the detected one; see torc hpc list).")
  String profile;

  @Option(names = "--submit", description = "Submit one allocation on each new scheduler.")
  boolean submit;

  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR,
      description =
          "Where the allocations' workers write job logs, and sbatch its own"
              + TorcCommand.OUTPUT_DIR_HELP
              + ".")
  Path outputDir;

  @Override
  int run(Torc torc) {
    Regenerated regenerated =
        torc.regenerateSlurm(
            Hpc.fromEnvironment(), workflowId, profile, account, submit, outputDir);
    if (json()) {
      output().json(regenerated.toJson());
      return ExitCodes.OK;
    }
    if (regenerated.schedulers().isEmpty()) {
      output().line("No job of workflow " + workflowId + " waits to run; nothing to regenerate");
    }
    for (SlurmSchedulerRecord r : regenerated.schedulers()) {
      output()
          .line(
              "Created scheduler "
                  + r.id()
                  + " "
                  + r.scheduler().name()
                  + " (partition "
                  + r.scheduler().partition()
                  + ", mem "
                  + r.scheduler().mem()
                  + ", walltime "
                  + r.scheduler().walltime()
                  + ")");
    }
    if (!regenerated.submittedJobIds().isEmpty()) {
      output()
          .line("Submitted Slurm allocations " + String.join(", ", regenerated.submittedJobIds()));
    }
    return ExitCodes.OK;
  }
}
