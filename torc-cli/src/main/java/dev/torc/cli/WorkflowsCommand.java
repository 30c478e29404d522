package dev.torc.cli;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.run.Reinitialization;
import dev.torc.sdk.JsonViews;
import dev.torc.spec.WorkflowSpecs;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
      WorkflowsCommand.Cancel.class
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
    /** Larger workflows are created without printing their jobs. */
    private static final int JOBS_SHOWN_ON_CREATE = 100;

    @Parameters(paramLabel = "SPEC", description = "The workflow spec file.")
    Path specFile;

    @Option(names = "--dry-run", description = "Validate and show the jobs without storing them.")
    boolean dryRun;

    @Option(
        names = {"-u", "--user"},
        paramLabel = "USER",
        description = "Owner of the workflow (default: the spec's user, else $USER).")
    String user;

    private Workflow workflow;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(specFile)) {
        throw new InvalidInputException("spec file not found: " + specFile);
      }
      workflow = WorkflowSpecs.load(specFile);
      if (dryRun) {
        printPlan(workflow);
        return ExitCodes.OK;
      }
      return super.call();
    }

    @Override
    int run(WorkflowStore store) {
      Workflow workflow = withOwner(this.workflow);
      long id = store.createWorkflow(workflow);
      if (json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workflow_id", id);
        json.put("status", "success");
        json.put("message", "Workflow created successfully with ID: " + id);
        json.put("name", workflow.name());
        json.put("num_jobs", workflow.jobs().size());
        output().json(json);
      } else {
        output()
            .line(
                "Created workflow "
                    + id
                    + " ("
                    + workflow.name()
                    + ") with "
                    + workflow.jobs().size()
                    + " jobs");
        if (workflow.jobs().size() <= JOBS_SHOWN_ON_CREATE) {
          JobsCommand.printTable(output(), store.listJobs(id, null));
        } else {
          output().line("List its jobs with: torc jobs list " + id);
        }
      }
      return ExitCodes.OK;
    }

    private Workflow withOwner(Workflow workflow) {
      String owner = user != null ? user : workflow.user() != null ? null : System.getenv("USER");
      return owner == null ? workflow : workflow.withUser(owner);
    }

    private void printPlan(Workflow workflow) {
      if (json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "success");
        json.put("dry_run", true);
        json.put("name", workflow.name());
        json.put("num_jobs", workflow.jobs().size());
        json.put(
            "jobs", workflow.jobs().stream().map(j -> JsonViews.plannedJob(workflow, j)).toList());
        output().json(json);
        return;
      }
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
      description = "List workflows, oldest first.")
  static final class ListWorkflows extends StoreCommand {
    @Override
    int run(WorkflowStore store) {
      List<WorkflowRecord> workflows = store.listWorkflows();
      if (json()) {
        output().json(Map.of("workflows", workflows.stream().map(JsonViews::workflow).toList()));
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
    int run(WorkflowStore store) {
      show(JsonViews.workflow(workflow(store, workflowId)));
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
    int run(WorkflowStore store) {
      WorkflowRecord workflow = workflow(store, workflowId);
      Map<JobStatus, Integer> counts = store.countJobsByStatus(workflowId);
      int total = counts.values().stream().mapToInt(Integer::intValue).sum();
      boolean complete =
          counts.entrySet().stream().allMatch(e -> e.getKey().isTerminal() || e.getValue() == 0);
      Map<String, Object> byStatus = new LinkedHashMap<>();
      for (JobStatus status : JobStatus.values()) {
        byStatus.put(status.label(), counts.getOrDefault(status, 0));
      }
      if (json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workflow_id", workflow.id());
        json.put("name", workflow.name());
        json.put("run_id", workflow.runId());
        json.put("total_jobs", total);
        json.put("is_complete", complete);
        json.put("job_counts", byStatus);
        output().json(json);
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
      description = "Delete workflows with their jobs, results and events.")
  static final class Delete extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", arity = "1..*", description = "The workflows.")
    List<Long> workflowIds;

    @Override
    int run(WorkflowStore store) {
      for (long id : workflowIds) {
        workflow(store, id);
      }
      for (long id : workflowIds) {
        store.deleteWorkflow(id);
      }
      if (json()) {
        output().json(Map.of("status", "success", "deleted", workflowIds));
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
    int run(WorkflowStore store) {
      workflow(store, workflowId);
      return RunCommand.runWorkflow(this, store, workflowId, run);
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

    @Override
    int run(WorkflowStore store) {
      workflow(store, workflowId);
      int reset = store.resetJobs(workflowId, failedOnly);
      if (json()) {
        output().json(Map.of("workflow_id", workflowId, "status", "success", "reset_jobs", reset));
      } else {
        output().line("Reset " + reset + " jobs of workflow " + workflowId);
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
            + " status. Refused while jobs are running."
      })
  static final class Reinitialize extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Option(names = "--dry-run", description = "Show what would run again; change nothing.")
    boolean dryRun;

    @Override
    int run(WorkflowStore store) {
      workflow(store, workflowId);
      List<Reinitialization.Rerun> reruns =
          dryRun
              ? Reinitialization.plan(store, workflowId)
              : Reinitialization.apply(store, workflowId);
      int runId = store.getWorkflow(workflowId).runId();
      if (json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workflow_id", workflowId);
        json.put("dry_run", dryRun);
        json.put("run_id", dryRun ? runId + 1 : runId);
        json.put(
            "jobs",
            reruns.stream()
                .map(r -> Map.of("id", r.jobId(), "name", r.name(), "reason", r.reason()))
                .toList());
        output().json(json);
      } else {
        output()
            .line(
                (dryRun ? "Would start run " + (runId + 1) : "Started run " + runId)
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
            + " are running within their poll interval. Reset the workflow to run it again."
      })
  static final class Cancel extends StoreCommand {
    @Parameters(paramLabel = "WORKFLOW_ID", description = "The workflow.")
    long workflowId;

    @Override
    int run(WorkflowStore store) {
      workflow(store, workflowId);
      store.cancelWorkflow(workflowId);
      if (json()) {
        output().json(Map.of("workflow_id", workflowId, "status", "canceled"));
      } else {
        output().line("Canceled workflow " + workflowId);
      }
      return ExitCodes.OK;
    }
  }

  static String nullToEmpty(Object value) {
    return value == null ? "" : value.toString();
  }
}
