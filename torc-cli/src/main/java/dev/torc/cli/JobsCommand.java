package dev.torc.cli;

import dev.torc.diagnosis.JobLogs;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.run.PendingFailures;
import dev.torc.sdk.Classified;
import dev.torc.sdk.ClassifyRequest;
import dev.torc.sdk.FailureList;
import dev.torc.sdk.JobLog;
import dev.torc.sdk.JobPage;
import dev.torc.sdk.LogRequest;
import dev.torc.sdk.Torc;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc jobs ...}: inspect a workflow's jobs. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Inspect and change the jobs of a workflow and read their logs.",
    subcommands = {
      JobsCommand.ListJobs.class,
      JobsCommand.Get.class,
      JobEditCommands.Create.class,
      JobEditCommands.Update.class,
      JobEditCommands.Delete.class,
      JobsCommand.Classify.class,
      JobsCommand.Logs.class,
      JobsCommand.Failures.class
    })
final class JobsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List a workflow's jobs in id order.",
        "With -f json: {\"jobs\": [...]}, each with id, name, command, status, attempt_id,"
            + " depends_on (names) and depends_on_job_ids (ids), resource_requirements and"
            + " resource_requirements_id, input_files, output_files and more."
      })
  static final class ListJobs extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-s", "--status"},
        paramLabel = "STATUS",
        description =
            "Only jobs in this status: uninitialized, blocked, ready, pending, running,"
                + " completed, failed, canceled, terminated, disabled, pending_failed.")
    String status;

    @picocli.CommandLine.Mixin ListOptionsMixin list;

    @Override
    int run(Torc torc) {
      JobStatus wanted = null;
      if (status != null) {
        try {
          wanted = JobStatus.fromLabel(status);
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(e.getMessage());
        }
      }
      JobPage page = torc.jobs(workflowId, wanted, list.query());
      if (json()) {
        output().json(page.toJson());
      } else {
        printTable(output(), page.jobs());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "failures",
      mixinStandardHelpOptions = true,
      description =
          "List what the analysis of each failed attempt found: cause, signature, evidence and"
              + " the attempt's measurements.")
  static final class Failures extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(names = "--job", paramLabel = "JOB_ID", description = "Only the failures of this job.")
    Long jobId;

    @Override
    int run(Torc torc) {
      FailureList list = torc.failures(workflowId, jobId);
      List<FailureInfo> failures = list.failures();
      if (json()) {
        output().json(list.toJson());
      } else {
        output()
            .table(
                List.of("Job", "Run", "Attempt", "Exit", "Cause", "Confidence", "Evidence"),
                failures.stream()
                    .map(
                        f ->
                            List.of(
                                String.valueOf(f.jobId()),
                                String.valueOf(f.runId()),
                                String.valueOf(f.attemptId()),
                                String.valueOf(f.exitCode()),
                                f.cause(),
                                String.valueOf(f.confidence()),
                                f.evidence() == null ? "" : f.evidence()))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one job.")
  static final class Get extends StoreCommand {
    @Parameters(paramLabel = "JOB_ID", description = "The job.")
    long jobId;

    @Override
    int run(Torc torc) {
      show(torc.job(jobId).toJson());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      description = {
        "Print what a job wrote to standard output (or, with --stderr, standard error).",
        "Each attempt has its own log: OUTPUT_DIR/job_stdio/job_wf{W}_j{J}_r{R}_a{A}.o (.e for"
            + " stderr), W the workflow, J the job, R the run and A the attempt. By default the"
            + " job's latest attempt in the workflow's current run is shown, or, when that one"
            + " has left no log yet (it waits to run), the latest attempt that recorded a"
            + " result.",
        "With -f json: {\"job_id\", \"job_name\", \"workflow_id\", \"run_id\", \"attempt_id\","
            + " \"stream\", \"path\", \"content\"}."
      },
      footer = {"", "Example: torc jobs logs 4 --stderr --tail 20"})
  static final class Logs extends StoreCommand {
    @Parameters(paramLabel = "JOB_ID", description = "The job.")
    long jobId;

    @Option(
        names = {"-a", "--attempt"},
        paramLabel = "N",
        description = "The attempt to show, from 1 (default: the latest).")
    Integer attempt;

    @Option(
        names = {"-r", "--run-id"},
        paramLabel = "RUN_ID",
        description = "The run the attempt belongs to (default: the workflow's current run).")
    Integer runId;

    @Option(names = "--stderr", description = "Show standard error instead of standard output.")
    boolean stderr;

    @Option(
        names = {"-n", "--tail"},
        paramLabel = "N",
        description = "Show only the last N lines.")
    Integer tail;

    @Option(
        names = {"-o", "--output-dir"},
        paramLabel = "DIR",
        description =
            "The directory the job runner wrote its output to" + TorcCommand.OUTPUT_DIR_HELP + ".",
        defaultValue = TorcCommand.DEFAULT_OUTPUT_DIR)
    Path outputDir;

    @Override
    int run(Torc torc) throws IOException {
      atLeastOne("--attempt", attempt);
      atLeastOne("--run-id", runId);
      atLeastOne("--tail", tail);
      JobLog log =
          torc.logs(
              LogRequest.job(jobId).runId(runId).attemptId(attempt).stream(
                      stderr ? JobLogs.Stream.STDERR : JobLogs.Stream.STDOUT)
                  .tailLines(tail)
                  .outputDir(outputDir)
                  .build());
      if (json()) {
        output().json(log.toJson());
      } else if (tail != null) {
        output().text(log.content());
      } else {
        try (Reader reader =
            new InputStreamReader(Files.newInputStream(log.path()), StandardCharsets.UTF_8)) {
          output().copy(reader);
        }
      }
      return ExitCodes.OK;
    }

    private static void atLeastOne(String option, Integer value) {
      if (value != null && value < 1) {
        throw new InvalidInputException(option + " must be at least 1, was " + value);
      }
    }
  }

  @Command(
      name = "classify",
      mixinStandardHelpOptions = true,
      description = {
        "Classify jobs that await classification (pending_failed).",
        "retry: the failure was transient; the job becomes ready again as its next attempt,"
            + " with --memory / --runtime for that job alone.",
        "fail: the failure is permanent; the job fails and its dependents that cancel on a"
            + " blocking failure are canceled.",
        "Every classification goes to the workflow's event log with who made it and why."
      })
  static final class Classify extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = "--job",
        paramLabel = "JOB_ID",
        arity = "1..*",
        required = true,
        description = "The jobs to classify (pending_failed jobs of the workflow).")
    List<Long> jobIds;

    @Option(
        names = "--action",
        required = true,
        paramLabel = "ACTION",
        description = "retry or fail.")
    String action;

    @Option(
        names = "--memory",
        paramLabel = "MEMORY",
        description = "New memory for a retry, such as 8g.")
    String memory;

    @Option(
        names = "--runtime",
        paramLabel = "DURATION",
        description = "New runtime for a retry, ISO-8601 such as PT2H.")
    String runtime;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the event log.")
    String reason;

    @Option(names = "--dry-run", description = "Check and show the classification; change nothing.")
    boolean dryRun;

    @Override
    int run(Torc torc) {
      torc.getWorkflow(workflowId);
      PendingFailures.Action kind;
      try {
        kind = PendingFailures.Action.valueOf(action.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("--action must be retry or fail, not '" + action + "'");
      }
      Memory newMemory;
      java.time.Duration newRuntime;
      try {
        newMemory = memory == null ? null : Memory.parse(memory);
        newRuntime = runtime == null ? null : ResourceRequirements.parseRuntime(runtime);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(e.getMessage());
      }
      if (kind == PendingFailures.Action.FAIL && (newMemory != null || newRuntime != null)) {
        throw new InvalidInputException("--memory and --runtime only go with --action retry");
      }
      List<PendingFailures.Resolution> resolutions =
          jobIds.stream()
              .map(id -> new PendingFailures.Resolution(id, kind, newMemory, newRuntime, reason))
              .toList();
      Classified classified =
          torc.classify(
              // A person's own decision: the runner refuses a job larger than itself later.
              new ClassifyRequest(workflowId, resolutions, actor(), dryRun, false));
      List<PendingFailures.Applied> applied = classified.classifications();
      if (json()) {
        output().json(classified.toJson());
      } else {
        for (PendingFailures.Applied a : applied) {
          output()
              .line(
                  (dryRun ? "Would " : "")
                      + (a.resolution().action() == PendingFailures.Action.RETRY
                          ? (dryRun ? "retry" : "Retrying")
                              + " job "
                              + a.job().id()
                              + " ("
                              + a.job().name()
                              + ") with memory "
                              + a.requirements().memory()
                              + ", runtime "
                              + a.requirements().runtime()
                          : (dryRun ? "fail" : "Failed")
                              + " job "
                              + a.job().id()
                              + " ("
                              + a.job().name()
                              + ")"));
        }
      }
      return ExitCodes.OK;
    }
  }

  /** Prints jobs as a table with their status, attempt and what they wait for. */
  static void printTable(Output output, List<JobRecord> jobs) {
    output.table(
        List.of("ID", "Name", "Status", "Attempt", "Depends on", "Command"),
        jobs.stream()
            .map(
                job ->
                    List.of(
                        String.valueOf(job.id()),
                        job.name(),
                        job.status().label(),
                        String.valueOf(job.attemptId()),
                        String.join(",", job.dependsOn()),
                        job.isJavaTask() ? "(java task)" : job.command()))
            .toList());
  }
}
