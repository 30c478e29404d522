package dev.torc.cli;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.run.Reinitialization;
import dev.torc.sdk.Canceled;
import dev.torc.sdk.Completion;
import dev.torc.sdk.CreateRequest;
import dev.torc.sdk.CreatedWorkflow;
import dev.torc.sdk.Deleted;
import dev.torc.sdk.ExecutionPlan;
import dev.torc.sdk.JsonViews;
import dev.torc.sdk.Reinitialized;
import dev.torc.sdk.ResetOutcome;
import dev.torc.sdk.ResetReport;
import dev.torc.sdk.ResourceCorrections;
import dev.torc.sdk.Torc;
import dev.torc.sdk.WorkflowList;
import dev.torc.sdk.WorkflowStatus;
import dev.torc.store.WorkflowRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc workflows ...}: create, list, inspect and delete workflows. */
@Command(
    name = "workflows",
    mixinStandardHelpOptions = true,
    description = "Create, list, inspect and delete workflows.",
    subcommands = {
      WorkflowsCommand.Create.class,
      WorkflowsCommand.ListWorkflows.class,
      WorkflowsCommand.Get.class,
      WorkflowsCommand.Status.class,
      WorkflowsCommand.Delete.class,
      WorkflowsCommand.Run.class,
      WorkflowsCommand.ResetStatus.class,
      WorkflowsCommand.Reinitialize.class,
      WorkflowsCommand.Cancel.class,
      WorkflowsCommand.SyncStatus.class,
      WorkflowsCommand.IsComplete.class,
      WorkflowsCommand.ShowExecutionPlan.class,
      WorkflowsCommand.Initialize.class,
      WorkflowsCommand.CorrectResources.class,
      WorkflowsCommand.Export.class,
      WorkflowsCommand.Update.class,
      WorkflowsCommand.Import.class
    })
final class WorkflowsCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a workflow from a spec file (.yaml, .yml, .json or .json5).",
        "Parameters are expanded, dependencies resolved and everything validated first;"
            + " an invalid spec is reported problem by problem and changes nothing."
      })
  static final class Create extends StoreCommand {
    @Parameters(paramLabel = "SPEC", description = "The workflow spec file.")
    Path specFile;

    @Option(names = "--dry-run", description = "Validate and show the jobs without storing them.")
    boolean dryRun;

    @Option(
        names = {"-u", "--user"},
        paramLabel = "USER",
        description = "Owner of the workflow (default: the spec's user, else $USER).")
    String user;

    @Override
    int run(Torc torc) {
      CreatedWorkflow created =
          torc.createWorkflow(
              CreateRequest.spec(specFile)
                  .user(user)
                  .defaultUser(System.getenv("USER"))
                  .dryRun(dryRun)
                  .build());
      if (dryRun) {
        printPlan(created);
        return ExitCodes.OK;
      }
      long id = created.workflowId();
      if (json()) {
        output().json(created.toJson());
      } else {
        output()
            .line(
                "Created workflow "
                    + id
                    + " ("
                    + created.workflow().name()
                    + ") with "
                    + created.numJobs()
                    + " jobs");
        if (created.numJobs() <= CreatedWorkflow.JOBS_LISTED) {
          JobsCommand.printTable(output(), created.jobs());
        } else {
          output().line("List its jobs with: torc jobs list " + id);
        }
      }
      return ExitCodes.OK;
    }

    private void printPlan(CreatedWorkflow created) {
      if (json()) {
        output().json(created.toJson());
        return;
      }
      Workflow workflow = created.workflow();
      output()
          .line(
              "Spec is valid: workflow "
                  + workflow.name()
                  + " with "
                  + workflow.jobs().size()
                  + " jobs (dry run, nothing stored)");
      List<List<String>> rows = new ArrayList<>();
      for (JobSpec job : workflow.jobs()) {
        rows.add(
            List.of(
                job.name(),
                (job.dependsOn().isEmpty() ? JobStatus.READY : JobStatus.BLOCKED).label(),
                String.join(",", job.dependsOn()),
                job.isJavaTask() ? "(java task)" : job.command()));
      }
      output().table(List.of("Name", "Status", "Depends on", "Command"), rows);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List workflows, oldest first: by default those of the user running the command ($USER)"
            + " and those that have no owner.",
        "With -f json: {\"workflows\": [...]}, each with id, name, user, description, project,"
            + " run_id, timestamp and use_pending_failed."
      })
  static final class ListWorkflows extends StoreCommand {
    @Option(
        names = {"-u", "--user"},
        paramLabel = "USER",
        description = "List the workflows of this user (default: $USER).")
    String user;

    @Option(names = "--all-users", description = "List the workflows of every user.")
    boolean allUsers;

    @picocli.CommandLine.Mixin ListOptionsMixin list;

    @Override
    int run(Torc torc) {
      String owner = allUsers ? null : user != null ? user : System.getenv("USER");
      WorkflowList list = torc.listWorkflows(owner, this.list.query());
      List<WorkflowRecord> workflows = list.workflows();
      if (json()) {
        output().json(list.toJson());
      } else {
        output()
            .table(
                List.of("ID", "Name", "Description", "User", "Created"),
                workflows.stream()
                    .map(
                        w ->
                            List.of(
                                String.valueOf(w.id()),
                                w.name(),
                                nullToEmpty(w.description()),
                                nullToEmpty(w.user()),
                                w.createdAt().toString()))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one workflow.")
  static final class Get extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Override
    int run(Torc torc) {
      show(JsonViews.workflow(torc.getWorkflow(workflowId)));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show how many of a workflow's jobs are in each status.")
  static final class Status extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Override
    int run(Torc torc) {
      WorkflowStatus status = torc.status(workflowId);
      WorkflowRecord workflow = status.workflow();
      int total = status.totalJobs();
      boolean complete = status.complete();
      Map<String, Object> byStatus = status.countsByLabel();
      if (json()) {
        output().json(status.toJson());
      } else {
        output()
            .line(
                "Workflow "
                    + workflow.id()
                    + " ("
                    + workflow.name()
                    + "), run "
                    + workflow.runId()
                    + ": "
                    + total
                    + " jobs, "
                    + (complete ? "complete" : "not complete"));
        output()
            .table(
                List.of("Status", "Jobs"),
                byStatus.entrySet().stream()
                    .filter(e -> !Integer.valueOf(0).equals(e.getValue()))
                    .map(e -> List.of(e.getKey(), String.valueOf(e.getValue())))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete workflows with their jobs, results and events.",
        "Refused (exit status 1, nothing deleted) while runners are running one of them, unless"
            + " --cancel is given."
      })
  static final class Delete extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", arity = "1..*", description = "The workflows.")
    List<Long> workflowIds;

    @Option(
        names = "--cancel",
        description =
            "Cancel a workflow that runners are running, wait for them to stop, then delete it.")
    boolean cancel;

    @Option(
        names = "--no-prompts",
        description = "Accepted for scripts written for the original torc; torc never prompts.")
    boolean noPrompts;

    @Option(
        names = "--force",
        description =
            "Accepted for scripts written for the original torc (delete another user's"
                + " workflows); every user's workflows can be deleted here.")
    boolean force;

    @Override
    int run(Torc torc) {
      Deleted deleted = torc.deleteWorkflows(workflowIds, cancel, actor());
      if (json()) {
        output().json(deleted.toJson());
      } else {
        workflowIds.forEach(id -> output().line("Deleted workflow " + id));
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run (or resume) a stored workflow on this machine to its end.",
        "Jobs a killed runner left running are settled first: their processes are stopped and"
            + " they run again as a new attempt."
      },
      footer = {
        "",
        "Exit status: 0 every job completed; 1 a job failed, was canceled or terminated;"
            + " 2 invalid input; 3 jobs await classification (pending_failed)."
      })
  static final class Run extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @picocli.CommandLine.Mixin RunOptionsMixin run;

    @Override
    int run(Torc torc) {
      return RunCommand.runWorkflow(this, torc, workflowId, run);
    }
  }

  @Command(
      name = "reset-status",
      mixinStandardHelpOptions = true,
      description = {
        "Reset jobs so that they run again in the current run.",
        "With --failed-only: jobs that failed, were canceled or terminated, or await"
            + " classification (pending_failed), and every job downstream of them. Without it:"
            + " every job (refused while jobs are running). A reset job that already has a result"
            + " for its attempt moves on to its next attempt, so every attempt keeps its own logs."
      })
  static final class ResetStatus extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(names = "--failed-only", description = "Reset only unsuccessful jobs and downstream.")
    boolean failedOnly;

    @Option(
        names = {"-r", "--reinitialize"},
        description =
            "Then reinitialize the workflow: a new run (run_id + 1) for the jobs that did not"
                + " complete or are out of date (see: torc workflows reinitialize --help).")
    boolean reinitialize;

    @Option(
        names = "--no-prompts",
        description = "Accepted for scripts written for the original torc; torc never prompts.")
    boolean noPrompts;

    @Override
    int run(Torc torc) {
      ResetReport report =
          torc.resetStatus(workflowId, failedOnly, reinitialize, actor(), "reset-status");
      int reset = report.reset().resetJobs();
      if (json()) {
        output().json(report.toJson());
      } else {
        output().line("Reset " + reset + " jobs of workflow " + workflowId);
        if (report.reinitialized() != null) {
          output()
              .line(
                  "Started run "
                      + report.reinitialized().runId()
                      + ": "
                      + report.reinitialized().jobs().size()
                      + " jobs will run again");
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "reinitialize",
      mixinStandardHelpOptions = true,
      description = {
        "Start a new run (run_id + 1) in which jobs run again when they did not complete, when"
            + " an output file of theirs is missing or an input file changed after they completed,"
            + " and every job downstream of those. Completed jobs that are up to date keep their"
            + " status. Refused while runners are running the workflow, unless --cancel is given."
      })
  static final class Reinitialize extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(names = "--dry-run", description = "Show what would run again; change nothing.")
    boolean dryRun;

    @Option(
        names = "--cancel",
        description =
            "Cancel the workflow when runners are running it, wait for them to stop, then"
                + " reinitialize it.")
    boolean cancel;

    @Override
    int run(Torc torc) {
      Reinitialized reinitialized =
          torc.reinitialize(workflowId, dryRun, cancel, actor(), "reinitialize");
      List<Reinitialization.Rerun> reruns = reinitialized.jobs();
      if (json()) {
        output().json(reinitialized.toJson());
      } else {
        output()
            .line(
                (dryRun ? "Would start run " : "Started run ")
                    + reinitialized.runId()
                    + " of workflow "
                    + workflowId
                    + ": "
                    + reruns.size()
                    + " jobs "
                    + (dryRun ? "would run" : "will run")
                    + " again");
        output()
            .table(
                List.of("ID", "Name", "Reason"),
                reruns.stream()
                    .map(r -> List.of(String.valueOf(r.jobId()), r.name(), r.reason()))
                    .toList());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = {
        "Cancel a workflow: every job that has not ended is canceled; runners stop the jobs they"
            + " are running within their poll interval, and the workflow's Slurm allocations"
            + " that may still run are scancelled. Reset the workflow to run it again."
      })
  static final class Cancel extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Override
    int run(Torc torc) {
      Canceled canceled = torc.cancel(workflowId, actor(), "cancel");
      if (json()) {
        output().json(canceled.toJson());
      } else {
        output()
            .line(
                "Canceled workflow "
                    + workflowId
                    + (canceled.stoppedWorkers().isEmpty()
                        ? ""
                        : "; scancelled allocations "
                            + String.join(", ", canceled.stoppedWorkers())));
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "sync-status",
      mixinStandardHelpOptions = true,
      description = {
        "Settle jobs stuck pending or running whose worker is gone: the states of the workflow's"
            + " Slurm allocations are asked of Slurm (one call), and the jobs that workers of"
            + " ended allocations (cancelled, node failure, preemption, time up) left are made"
            + " ready again as their next attempt, recorded lost: this spends none of their"
            + " retries."
      })
  static final class SyncStatus extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Override
    int run(Torc torc) {
      dev.torc.sdk.SyncStatus synced = torc.syncStatus(workflowId);
      if (json()) {
        output().json(synced.toJson());
      } else {
        output()
            .line(
                "Workflow "
                    + workflowId
                    + ": "
                    + synced.jobsSettled()
                    + " jobs of gone workers made ready again");
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "is-complete",
      mixinStandardHelpOptions = true,
      description = {
        "Tell whether a workflow is complete: no job is left to run (jobs awaiting classification,"
            + " pending_failed, keep it incomplete). Exit status 0 either way.",
        "With -f json: {\"workflow_id\", \"is_complete\", \"is_canceled\"}."
      },
      footer = {"", "Example: torc -f json workflows is-complete 1 | jq -e .is_complete"})
  static final class IsComplete extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Override
    int run(Torc torc) {
      Completion completion = torc.isComplete(workflowId);
      if (json()) {
        output().json(completion.toJson());
      } else {
        output().line("Workflow " + workflowId + " completion status:");
        output().line("  Is Complete: " + completion.complete());
        output().line("  Is Canceled: " + completion.canceled());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "execution-plan",
      mixinStandardHelpOptions = true,
      description = {
        "Show the order in which jobs become ready, stage by stage: of a spec file (validated,"
            + " nothing stored), or of a stored workflow's jobs that have not ended.",
        "With -f json: {\"name\", \"total_jobs\", \"total_stages\", \"stages\": [{\"stage\","
            + " \"job_count\", \"jobs\"}]} (and \"workflow_id\" for a stored workflow)."
      })
  static final class ShowExecutionPlan extends StoreCommand {
    @Parameters(paramLabel = "SPEC_OR_ID", description = "A spec file, or a workflow's id.")
    String specOrId;

    @Override
    int run(Torc torc) {
      ExecutionPlan plan;
      if (specOrId.matches("\\d+") && !java.nio.file.Files.exists(Path.of(specOrId))) {
        plan = torc.executionPlan(Long.parseLong(specOrId));
      } else {
        plan =
            torc.createWorkflow(CreateRequest.spec(Path.of(specOrId)).dryRun(true).build()).plan();
      }
      if (json()) {
        output().json(plan.toJson());
        return ExitCodes.OK;
      }
      output()
          .line(
              "Execution plan of "
                  + plan.name()
                  + ": "
                  + plan.totalJobs()
                  + " jobs in "
                  + plan.stages().size()
                  + " stages");
      output()
          .table(
              List.of("Stage", "Jobs", "Names"),
              plan.stages().stream()
                  .map(
                      st ->
                          List.of(
                              String.valueOf(st.stage()),
                              String.valueOf(st.jobCount()),
                              String.join(", ", st.jobs())))
                  .toList());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "initialize",
      mixinStandardHelpOptions = true,
      description = {
        "Initialize a workflow's jobs: every job becomes blocked (waiting for others) or ready,"
            + " as when it was created. A job that already has a result runs again as its next"
            + " attempt. Refused while jobs are pending or running (cancel the workflow first).",
        "torc initializes workflows when it creates them, so this is needed only to start over;"
            + " reset-status --failed-only and reinitialize run again less."
      })
  static final class Initialize extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(names = "--dry-run", description = "Count the jobs; change nothing.")
    boolean dryRun;

    @Option(
        names = "--no-prompts",
        description = "Accepted for scripts written for the original torc; torc never prompts.")
    boolean noPrompts;

    @Option(
        names = "--force",
        description =
            "Accepted for scripts written for the original torc (go ahead although input files"
                + " are missing); runs check their inputs when they start.")
    boolean force;

    @Override
    int run(Torc torc) {
      ResetOutcome outcome = torc.initialize(workflowId, dryRun, actor());
      if (json()) {
        Map<String, Object> json = outcome.toJson();
        json.put("dry_run", dryRun);
        output().json(json);
      } else {
        output()
            .line(
                (dryRun ? "Would initialize " : "Initialized ")
                    + outcome.resetJobs()
                    + " jobs of workflow "
                    + workflowId);
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "correct-resources",
      mixinStandardHelpOptions = true,
      description = {
        "Raise resource requirements that jobs outgrew, for their next run: looks at each job's"
            + " latest attempt in the current run (as reports check-resource-utilization does);"
            + " where one used more memory, CPU or time than requested, or likely ran out of"
            + " memory or time, the requirements it runs with become the highest peak seen among"
            + " the jobs sharing them times the multiplier. Every job with those requirements"
            + " gets them, except pending and running ones.",
        "With -f json: {\"workflow_id\", \"dry_run\", \"resource_requirements_updated\","
            + " \"jobs_analyzed\", \"memory_corrections\", \"runtime_corrections\","
            + " \"cpu_corrections\", \"adjustments\": [{\"resource_requirements_id\","
            + " \"job_ids\", \"original_memory\", \"new_memory\", ...}]}."
      },
      footer = {"", "Example: torc workflows correct-resources 1 --dry-run"})
  static final class CorrectResources extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = "--memory-multiplier",
        paramLabel = "X",
        defaultValue = "1.2",
        description = "New memory = peak memory x X (default: ${DEFAULT-VALUE}).")
    double memoryMultiplier;

    @Option(
        names = "--runtime-multiplier",
        paramLabel = "X",
        defaultValue = "1.2",
        description = "New runtime = execution time x X (default: ${DEFAULT-VALUE}).")
    double runtimeMultiplier;

    @Option(
        names = "--job-ids",
        paramLabel = "ID",
        split = ",",
        description = "Look only at these jobs (comma-separated).")
    List<Long> jobIds;

    @Option(names = "--dry-run", description = "Show the corrections; change nothing.")
    boolean dryRun;

    @Override
    int run(Torc torc) {
      ResourceCorrections corrections =
          torc.correctResources(
              workflowId, memoryMultiplier, runtimeMultiplier, jobIds, dryRun, actor());
      if (json()) {
        output().json(corrections.toJson());
        return ExitCodes.OK;
      }
      output()
          .line(
              (dryRun ? "Would correct " : "Corrected ")
                  + corrections.adjustments().size()
                  + " resource requirements after looking at "
                  + corrections.jobsAnalyzed()
                  + " jobs of workflow "
                  + workflowId);
      output()
          .table(
              List.of("RR ID", "Jobs", "Memory", "Runtime", "CPUs"),
              corrections.adjustments().stream()
                  .map(
                      a ->
                          List.of(
                              String.valueOf(a.requirementsId()),
                              String.join(",", a.jobNames()),
                              change(a.originalMemory(), a.newMemory()),
                              change(a.originalRuntime(), a.newRuntime()),
                              change(a.originalCpus(), a.newCpus())))
                  .toList());
      return ExitCodes.OK;
    }

    private static String change(Object from, Object to) {
      return to == null ? "" : from + " -> " + to;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Export a workflow to one JSON document that workflows import creates again, in this"
            + " store or another: export_version, exported_at, workflow, spec (the workflow as a"
            + " spec: jobs with their own commands and current resource requirements, files,"
            + " user data, failure handlers, Slurm schedulers, recovery settings), jobs (with"
            + " their statuses), and results and events when asked for. Always JSON.",
        "Not exported: which jobs read and write which user data (the store does not keep it)"
            + " and Java tasks (refused: they live in the program that submitted them)."
      },
      footer = {
        "",
        "Examples:",
        "  torc workflows export 1 -o workflow.json",
        "  torc workflows export 1 --include-results --include-events -o complete.json"
      })
  static final class Export extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write to this file (default: standard output).")
    Path outputFile;

    @Option(names = "--include-results", description = "Include the results of every run.")
    boolean includeResults;

    @Option(names = "--include-events", description = "Include the event log.")
    boolean includeEvents;

    @Override
    int run(Torc torc) throws java.io.IOException {
      Map<String, Object> doc =
          torc.exportWorkflow(workflowId, includeResults, includeEvents).toJson();
      if (outputFile == null) {
        output().json(doc);
        return ExitCodes.OK;
      }
      java.io.StringWriter text = new java.io.StringWriter();
      new Output(new java.io.PrintWriter(text)).json(doc);
      java.nio.file.Files.writeString(outputFile, text.toString());
      err().println("Exported workflow " + workflowId + " to " + outputFile);
      err().flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Create a workflow from a document workflows export wrote: the same jobs, files, user"
            + " data and settings under new ids, every job initialized afresh (blocked or ready)."
            + " Results and events in the document are not imported.",
        "With -f json: as workflows create prints."
      },
      footer = {
        "",
        "Examples:",
        "  torc workflows import workflow.json --name my-copy",
        "  cat workflow.json | torc workflows import -"
      })
  static final class Import extends StoreCommand {
    @Parameters(paramLabel = "FILE", description = "The exported document; - for standard input.")
    String file;

    @Option(names = "--name", paramLabel = "NAME", description = "Give the workflow this name.")
    String name;

    @Option(
        names = "--skip-results",
        description = "Accepted for the original torc's scripts; results are never imported.")
    boolean skipResults;

    @Option(
        names = "--skip-events",
        description = "Accepted for the original torc's scripts; events are never imported.")
    boolean skipEvents;

    @Override
    int run(Torc torc) throws java.io.IOException {
      String text;
      if (file.equals("-")) {
        text = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } else if (!java.nio.file.Files.isRegularFile(Path.of(file))) {
        throw new InvalidInputException("file not found: " + file);
      } else {
        text = java.nio.file.Files.readString(Path.of(file));
      }
      CreatedWorkflow created = torc.importWorkflow(text, name, System.getenv("USER"));
      if (json()) {
        output().json(created.toJson());
      } else {
        output()
            .line(
                "Imported workflow "
                    + created.workflowId()
                    + " ("
                    + created.workflow().name()
                    + ") with "
                    + created.numJobs()
                    + " jobs");
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Change a workflow's name, description, owner or project. Options not given stay as they"
            + " are; jobs, runs and statuses are untouched. The change goes to the event log.",
        "With -f json: the workflow, as workflows get prints it."
      },
      footer = {"", "Example: torc workflows update 1 --name sweep-v2 --owner-user alice"})
  static final class Update extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(
        names = {"-n", "--name"},
        paramLabel = "NAME",
        description = "New name.")
    String name;

    @Option(
        names = {"-d", "--description"},
        paramLabel = "TEXT",
        description = "New description.")
    String description;

    @Option(names = "--owner-user", paramLabel = "USER", description = "New owner.")
    String owner;

    @Option(names = "--project", paramLabel = "PROJECT", description = "New project.")
    String project;

    @Override
    int run(Torc torc) {
      show(
          JsonViews.workflow(
              torc.updateWorkflow(workflowId, name, description, owner, project, actor())));
      return ExitCodes.OK;
    }
  }

  static String nullToEmpty(Object value) {
    return value == null ? "" : value.toString();
  }
}
