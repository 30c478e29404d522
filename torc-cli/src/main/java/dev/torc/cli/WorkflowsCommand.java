package dev.torc.cli;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.Workflow;
import dev.torc.run.Reinitialization;
import dev.torc.sdk.Canceled;
import dev.torc.sdk.CreateRequest;
import dev.torc.sdk.CreatedWorkflow;
import dev.torc.sdk.Deleted;
import dev.torc.sdk.JsonViews;
import dev.torc.sdk.Reinitialized;
import dev.torc.sdk.ResetOutcome;
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
      WorkflowsCommand.SyncStatus.class
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
      description = "List workflows, oldest first.")
  static final class ListWorkflows extends StoreCommand {
    @Override
    int run(Torc torc) {
      WorkflowList list = torc.listWorkflows();
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

    @Override
    int run(Torc torc) {
      ResetOutcome outcome = torc.resetStatus(workflowId, failedOnly, actor(), "reset-status");
      int reset = outcome.resetJobs();
      if (json()) {
        output().json(outcome.toJson());
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

  static String nullToEmpty(Object value) {
    return value == null ? "" : value.toString();
  }
}
