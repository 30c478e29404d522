package dev.torc.cli;

import dev.torc.Torc;
import dev.torc.diagnosis.JobLogs;
import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.Workflow;
import dev.torc.recovery.Classification;
import dev.torc.recovery.FailureCause;
import dev.torc.recovery.PatternClassifier;
import dev.torc.recovery.RecoveryConfigs;
import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.run.PendingFailures;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.spec.WorkflowSpecs;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  int run(WorkflowStore store) {
    long workflowId;
    if (target.matches("\\d+")) {
      workflowId = Long.parseLong(target);
      workflow(store, workflowId);
    } else {
      Path spec = Path.of(target);
      if (!Files.isRegularFile(spec)) {
        throw new InvalidInputException("spec file not found: " + target);
      }
      Workflow workflow = WorkflowSpecs.load(spec);
      workflowId = store.createWorkflow(workflow);
      if (!run.quiet && !json()) {
        err()
            .println(
                "Created workflow "
                    + workflowId
                    + " ("
                    + workflow.name()
                    + ") with "
                    + workflow.jobs().size()
                    + " jobs");
      }
    }
    return runWorkflow(this, store, workflowId, run);
  }

  /** How often {@code --classify rules} retries one job in one command. */
  static final int MAX_CLASSIFIER_RETRIES = 3;

  /** Runs a stored workflow with the options and reports how it ended. */
  static int runWorkflow(
      StoreCommand command, WorkflowStore store, long workflowId, RunOptionsMixin run) {
    RunResult result = runToEnd(command, store, workflowId, run);
    report(command, result, run.outputDir());
    return exitCode(result);
  }

  /** The exit status of a run that ended so. */
  static int exitCode(RunResult result) {
    return switch (result.outcome()) {
      case COMPLETED -> ExitCodes.OK;
      case AWAITING_CLASSIFICATION -> ExitCodes.AWAITING_CLASSIFICATION;
      case FAILED, CANCELED -> ExitCodes.FAILURE;
    };
  }

  /**
   * Runs a stored workflow with the options to its end, classifying pending_failed jobs by rules
   * when asked, without reporting.
   */
  static RunResult runToEnd(
      StoreCommand command, WorkflowStore store, long workflowId, RunOptionsMixin run) {
    RunResult result;
    RunOptions options = run.toOptions().build();
    try (Progress progress =
        run.quiet
            ? null
            : new Progress(store, workflowId, command.err(), System.console() != null)) {
      Torc torc = Torc.using(store, command.root().apiUrl());
      Map<Long, Integer> retriedByRules = new HashMap<>();
      while (true) {
        result = torc.run(workflowId, options);
        if (run.classify() == null || result.count(JobStatus.PENDING_FAILED) == 0) {
          break;
        }
        List<PendingFailures.Resolution> resolutions =
            classifyByRules(store, workflowId, run.outputDir(), retriedByRules);
        if (resolutions.isEmpty()) {
          break;
        }
        PendingFailures.resolve(store, workflowId, resolutions, "rules", false);
      }
    }
    return result;
  }

  /**
   * Classifies the workflow's pending_failed jobs by its classification rules, then the built-in
   * patterns, on the last lines of their failed attempt's stderr: transient ones retry (at most
   * {@value #MAX_CLASSIFIER_RETRIES} times per job), permanent ones fail, the rest stay.
   */
  private static List<PendingFailures.Resolution> classifyByRules(
      WorkflowStore store, long workflowId, Path outputDir, Map<Long, Integer> retried) {
    int runId = store.getWorkflow(workflowId).runId();
    RecoveryConfig config = store.getRecoveryConfig(workflowId);
    PatternClassifier classifier =
        config == null || config.classificationRules().isEmpty()
            ? PatternClassifier.builtIn()
            : PatternClassifier.withRules(RecoveryConfigs.rules(config));
    List<PendingFailures.Resolution> resolutions = new ArrayList<>();
    for (JobRecord job : store.listJobs(workflowId, JobStatus.PENDING_FAILED)) {
      Path stderr = JobLogs.stderrPath(outputDir, workflowId, job.id(), runId, job.attemptId());
      String tail = "";
      try {
        if (Files.isRegularFile(stderr)) {
          tail = JobLogs.tail(stderr, RecoveryFailurePolicy.STDERR_TAIL_LINES);
        }
      } catch (IOException e) {
        continue;
      }
      Optional<Classification> verdict = classifier.classifyText(tail);
      if (verdict.isEmpty()) {
        continue;
      }
      Classification c = verdict.get();
      String reason = c.cause().label() + " (" + c.classifier() + "): " + c.evidence();
      if (c.cause() == FailureCause.TRANSIENT) {
        int times = retried.getOrDefault(job.id(), 0);
        if (times < MAX_CLASSIFIER_RETRIES) {
          retried.put(job.id(), times + 1);
          resolutions.add(
              new PendingFailures.Resolution(
                  job.id(), PendingFailures.Action.RETRY, null, null, reason));
        }
      } else if (c.cause() == FailureCause.PERMANENT) {
        resolutions.add(
            new PendingFailures.Resolution(
                job.id(), PendingFailures.Action.FAIL, null, null, reason));
      }
    }
    return resolutions;
  }

  static void report(StoreCommand command, RunResult result, Path outputDir) {
    if (command.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("workflow_id", result.workflowId());
      json.put("run_id", result.runId());
      json.put("status", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
      Map<String, Object> counts = new LinkedHashMap<>();
      result.counts().forEach((status, n) -> counts.put(status.label(), n));
      json.put("job_counts", counts);
      json.put(
          "jobs",
          result.jobs().stream()
              .map(
                  j -> {
                    Map<String, Object> job = new LinkedHashMap<>();
                    job.put("id", j.jobId());
                    job.put("name", j.name());
                    job.put("status", j.status().label());
                    job.put("attempt_id", j.attemptId());
                    job.put("return_code", j.returnCode());
                    return job;
                  })
              .toList());
      command.output().json(json);
      return;
    }
    Output out = command.output();
    StringBuilder counts = new StringBuilder();
    result
        .counts()
        .forEach((status, n) -> counts.append(n).append(' ').append(status.label()).append(", "));
    String summary = counts.length() > 2 ? counts.substring(0, counts.length() - 2) : "no jobs";
    long id = result.workflowId();
    switch (result.outcome()) {
      case COMPLETED -> out.line("Workflow " + id + " completed: " + summary);
      case CANCELED -> out.line("Workflow " + id + " was canceled: " + summary);
      case FAILED -> out.line("Workflow " + id + " finished with failures: " + summary);
      case AWAITING_CLASSIFICATION ->
          out.line("Workflow " + id + " stopped with jobs awaiting classification: " + summary);
    }
    // Also after failures: the pending_failed jobs wait for a classification all the same.
    if (result.count(JobStatus.PENDING_FAILED) > 0) {
      String ids =
          result.jobs().stream()
              .filter(j -> j.status() == JobStatus.PENDING_FAILED)
              .map(j -> String.valueOf(j.jobId()))
              .collect(java.util.stream.Collectors.joining(" "));
      out.line(
          result.count(JobStatus.PENDING_FAILED)
              + " jobs await classification; classify them with: torc jobs classify "
              + id
              + " --job "
              + ids
              + " --action retry|fail --reason TEXT");
    }
    List<RunResult.JobOutcome> unsuccessful =
        result.jobs().stream()
            .filter(j -> j.status().isUnsuccessfulEnd() || j.status() == JobStatus.PENDING_FAILED)
            .limit(20)
            .toList();
    for (RunResult.JobOutcome job : unsuccessful) {
      out.line(
          "  job "
              + job.jobId()
              + " ("
              + job.name()
              + "): "
              + job.status().label()
              + (job.returnCode() == null ? "" : ", return code " + job.returnCode()));
    }
    out.line("Logs: " + outputDir.resolve("job_stdio") + "; results: torc results list " + id);
  }
}
