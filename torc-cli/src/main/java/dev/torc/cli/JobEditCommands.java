package dev.torc.cli;

import dev.torc.sdk.JobView;
import dev.torc.sdk.NewJob;
import dev.torc.sdk.Torc;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc jobs create|update|delete}: change the jobs of a stored workflow. */
final class JobEditCommands {
  private JobEditCommands() {}

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Add a job to a stored workflow. It waits for its blocking jobs, and for the jobs that"
            + " write the files it reads, that have not ended: blocked while one has not, ready"
            + " when none is left (one that has completed does not hold it back).",
        "Files are named (files list shows them); the original torc took file ids.",
        "With -f json: the new job as jobs get shows it (id, status, depends_on_job_ids,"
            + " resource_requirements_id, ...)."
      },
      footer = {
        "",
        "Example: torc jobs create 1 --name report --command 'python report.py' -b 3 4"
      })
  static final class Create extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-n", "--name"},
        required = true,
        paramLabel = "NAME",
        description = "The job's name, unique in the workflow.")
    String name;

    @Option(
        names = {"-c", "--command"},
        required = true,
        paramLabel = "COMMAND",
        description = "The shell command the job runs.")
    String command;

    @Option(
        names = {"-b", "--blocking-job-ids", "--depends-on"},
        arity = "1..*",
        paramLabel = "JOB_ID",
        description = "Ids of the workflow's jobs this job waits for.")
    List<Long> blockingJobIds = new ArrayList<>();

    @Option(
        names = {"-i", "--input-files"},
        arity = "1..*",
        paramLabel = "FILE",
        description = "Names of the workflow's files this job reads.")
    List<String> inputFiles = new ArrayList<>();

    @Option(
        names = {"-o", "--output-files"},
        arity = "1..*",
        paramLabel = "FILE",
        description =
            "Names of the workflow's files this job writes; refused for a file jobs already read.")
    List<String> outputFiles = new ArrayList<>();

    @Option(
        names = {"-r", "--resource-requirements-id"},
        paramLabel = "ID",
        description =
            "Run with these requirements (ids are listed by: torc resource-requirements list);"
                + " the defaults when not given.")
    Long resourceRequirementsId;

    @Option(
        names = "--priority",
        paramLabel = "N",
        description = "Scheduling priority: higher runs first (default 0).")
    Integer priority;

    @Override
    int run(Torc torc) {
      show(
          torc.createJob(
                  workflowId,
                  new NewJob(
                      name,
                      command,
                      blockingJobIds,
                      inputFiles,
                      outputFiles,
                      resourceRequirementsId,
                      priority),
                  actor())
              .toJson());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Change a job's command, requirements, runtime or priority; values not given stay as"
            + " they are. Refused while the job is pending or running.",
        "With -f json: the job as jobs get shows it."
      },
      footer = {"", "Example: torc jobs update 7 --command 'python fit.py --fast' --runtime PT2H"})
  static final class Update extends StoreCommand {
    @Parameters(paramLabel = "JOB_ID", description = "The job.")
    long jobId;

    @Option(
        names = {"-c", "--command"},
        paramLabel = "COMMAND",
        description = "New shell command.")
    String command;

    @Option(
        names = "--resource-requirements-id",
        paramLabel = "ID",
        description = "Run with these requirements of the workflow.")
    Long resourceRequirementsId;

    @Option(
        names = "--runtime",
        paramLabel = "DURATION",
        description = "New runtime limit for this job alone, ISO-8601 such as PT30M or PT2H.")
    String runtime;

    @Option(
        names = "--priority",
        paramLabel = "N",
        description = "New scheduling priority: higher runs first.")
    Integer priority;

    @Override
    int run(Torc torc) {
      show(
          torc.updateJob(jobId, command, resourceRequirementsId, runtime, priority, actor())
              .toJson());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete jobs with their results, in the order given. A job that is pending or running,"
            + " or that other jobs depend on, is refused, naming them; the command stops there.",
        "With -f json: {\"jobs\": [...]}, the deleted jobs as they were."
      },
      footer = {"", "Example: torc jobs delete 8 9"})
  static final class Delete extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "JOB_ID", description = "The jobs.")
    List<Long> jobIds;

    @Override
    int run(Torc torc) {
      List<JobView> deleted = new ArrayList<>();
      for (long id : jobIds) {
        deleted.add(torc.deleteJob(id, actor()));
      }
      if (json()) {
        output().json(java.util.Map.of("jobs", deleted.stream().map(JobView::toJson).toList()));
      } else {
        deleted.forEach(
            v -> output().line("Deleted job " + v.job().id() + " '" + v.job().name() + "'"));
      }
      return ExitCodes.OK;
    }
  }
}
