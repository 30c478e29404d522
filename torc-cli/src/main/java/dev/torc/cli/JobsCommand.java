package dev.torc.cli;

import dev.torc.TorcException;
import dev.torc.diagnosis.JobLogs;
import dev.torc.diagnosis.Results;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.run.PendingFailures;
import dev.torc.sdk.JsonViews;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc jobs ...}: inspect a workflow's jobs. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Inspect the jobs of a workflow and read their logs.",
    subcommands = {
      JobsCommand.ListJobs.class,
      JobsCommand.Get.class,
      JobsCommand.Classify.class,
      JobsCommand.Logs.class,
      JobsCommand.Failures.class
    })
final class JobsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List a workflow's jobs in id order.")
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

    @Override
    int run(WorkflowStore store) {
      JobStatus wanted = null;
      if (status != null) {
        try {
          wanted = JobStatus.fromLabel(status);
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(e.getMessage());
        }
      }
      workflow(store, workflowId);
      List<JobRecord> jobs = store.listJobs(workflowId, wanted);
      if (json()) {
        output().json(Map.of("jobs", jobs.stream().map(JsonViews::job).toList()));
      } else {
        printTable(output(), jobs);
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
    int run(WorkflowStore store) {
      workflow(store, workflowId);
      List<FailureInfo> failures =
          store.listFailureRecords(workflowId).stream()
              .filter(f -> jobId == null || f.jobId() == jobId)
              .toList();
      if (json()) {
        output().json(Map.of("failures", failures.stream().map(JsonViews::failure).toList()));
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
    int run(WorkflowStore store) {
      show(JsonViews.job(job(store, jobId)));
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
            "The directory the job runner wrote its output to (default: ${DEFAULT-VALUE}).",
        defaultValue = JobLogs.DEFAULT_OUTPUT_DIR)
    Path outputDir;

    @Override
    int run(WorkflowStore store) throws IOException {
      atLeastOne("--attempt", attempt);
      atLeastOne("--run-id", runId);
      atLeastOne("--tail", tail);
      JobRecord job = job(store, jobId);
      WorkflowRecord workflow = workflow(store, job.workflowId());
      JobLogs.Stream stream = stderr ? JobLogs.Stream.STDERR : JobLogs.Stream.STDOUT;
      List<JobResult> results =
          store.listResults(job.workflowId()).stream().filter(r -> r.jobId() == jobId).toList();

      int run = runId != null ? runId : workflow.runId();
      int latestInRun =
          results.stream()
              .filter(r -> r.runId() == run)
              .mapToInt(JobResult::attemptId)
              .max()
              .orElse(1);
      int chosenAttempt;
      if (attempt != null) {
        chosenAttempt = attempt;
      } else if (run == workflow.runId()) {
        chosenAttempt = Math.max(job.attemptId(), latestInRun);
      } else {
        chosenAttempt = latestInRun;
      }
      Path path = JobLogs.path(outputDir, job.workflowId(), jobId, run, chosenAttempt, stream);
      if (!Files.exists(path) && attempt == null && runId == null) {
        // The current attempt has left no log yet (it waits to run): show the last one that ran.
        Optional<JobResult> latest = Results.latestOf(results, jobId);
        Optional<Path> previous =
            latest.map(
                r ->
                    JobLogs.path(
                        outputDir, job.workflowId(), jobId, r.runId(), r.attemptId(), stream));
        if (previous.isPresent() && Files.exists(previous.get())) {
          return print(job, latest.get().runId(), latest.get().attemptId(), previous.get());
        }
      }
      if (!Files.isRegularFile(path)) {
        throw new TorcException(
            "no "
                + (stderr ? "stderr" : "stdout")
                + " log for job "
                + jobId
                + " ("
                + job.name()
                + ", "
                + job.status().label()
                + "), run "
                + run
                + ", attempt "
                + chosenAttempt
                + ": "
                + path
                + " does not exist"
                + (Files.isDirectory(outputDir)
                    ? ""
                    : "; is "
                        + outputDir
                        + " the job runner's output directory? Use --output-dir to name it"));
      }
      return print(job, run, chosenAttempt, path);
    }

    private int print(JobRecord job, int run, int chosenAttempt, Path path) throws IOException {
      if (json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("job_id", jobId);
        json.put("job_name", job.name());
        json.put("workflow_id", job.workflowId());
        json.put("run_id", run);
        json.put("attempt_id", chosenAttempt);
        json.put("stream", stderr ? "stderr" : "stdout");
        json.put("path", path.toString());
        json.put("content", tail != null ? JobLogs.tail(path, tail) : readLenient(path));
        output().json(json);
      } else if (tail != null) {
        output().text(JobLogs.tail(path, tail));
      } else {
        try (Reader reader =
            new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8)) {
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

    private static String readLenient(Path path) throws IOException {
      return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
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
    int run(WorkflowStore store) {
      workflow(store, workflowId);
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
      String actor =
          "user " + java.util.Objects.requireNonNullElse(System.getenv("USER"), "unknown");
      List<PendingFailures.Applied> applied;
      try {
        applied = PendingFailures.resolve(store, workflowId, resolutions, actor, dryRun);
      } catch (dev.torc.TorcException e) {
        throw new InvalidInputException(e.getMessage());
      }
      if (json()) {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("workflow_id", workflowId);
        json.put("dry_run", dryRun);
        json.put(
            "classifications",
            applied.stream()
                .map(
                    a -> {
                      java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
                      c.put("job_id", a.job().id());
                      c.put("name", a.job().name());
                      c.put(
                          "action",
                          a.resolution().action().name().toLowerCase(java.util.Locale.ROOT));
                      c.put("memory", a.requirements().memory().text());
                      c.put("runtime", a.requirements().runtime().toString());
                      c.put("reason", a.resolution().reason());
                      return c;
                    })
                .toList());
        output().json(json);
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
