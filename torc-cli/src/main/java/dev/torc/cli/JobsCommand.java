package dev.torc.cli;

import dev.torc.model.JobStatus;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowStore;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc jobs ...}: inspect a workflow's jobs. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "Inspect the jobs of a workflow.",
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.Get.class})
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

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one job.")
  static final class Get extends StoreCommand {
    @Parameters(paramLabel = "JOB_ID", description = "The job.")
    long jobId;

    @Override
    int run(WorkflowStore store) {
      Map<String, Object> json = JsonViews.job(job(store, jobId));
      if (json()) {
        output().json(json);
      } else {
        output()
            .table(
                List.of("Field", "Value"),
                json.entrySet().stream()
                    .map(e -> List.of(e.getKey(), WorkflowsCommand.nullToEmpty(e.getValue())))
                    .toList());
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
