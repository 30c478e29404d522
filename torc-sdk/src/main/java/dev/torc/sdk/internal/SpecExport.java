package dev.torc.sdk.internal;

import dev.torc.model.JobSpec;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.sdk.InvalidRequestException;
import dev.torc.sdk.JobRefs;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stored workflow as a workflow that creates the same jobs again: its jobs with their own
 * commands and current requirements, files, user data, failure handlers, Slurm schedulers and
 * recovery settings. Which jobs read and write which user data is not kept by the store, so it is
 * not in the result.
 */
public final class SpecExport {
  private SpecExport() {}

  /**
   * The workflow, rebuilt.
   *
   * @throws InvalidRequestException when it has Java tasks, which live only in the program that
   *     submitted them
   */
  public static Workflow of(WorkflowStore store, WorkflowRecord record) {
    long id = record.id();
    List<JobRecord> jobs = store.listJobs(id, null);
    JobRefs refs = JobRefs.of(jobs);
    Map<Long, String> rrNames = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    Workflow.Builder b =
        Workflow.builder(record.name())
            .user(record.user())
            .description(record.description())
            .project(record.project())
            .usePendingFailed(record.usePendingFailed())
            .resourceMonitor(record.resourceMonitor())
            .jobsSortMethod(record.jobsSortMethod())
            .recoveryConfig(store.getRecoveryConfig(id));
    refs.requirements()
        .forEach(
            (rrId, rr) -> {
              // Recovery may have given one job other values under the same name.
              String name = taken.add(rr.name()) ? rr.name() : rr.name() + "_" + rrId;
              taken.add(name);
              rrNames.put(rrId, name);
              b.resourceRequirements(rename(rr, name));
            });
    store.listFiles(id).forEach(b::file);
    store.listUserData(id).forEach(b::userData);
    store.listFailureHandlers(id).forEach(b::failureHandler);
    store.listSlurmSchedulers(id).forEach(b::slurmScheduler);
    for (JobRecord job : jobs) {
      if (job.isJavaTask()) {
        throw new InvalidRequestException(
            "job '"
                + job.name()
                + "' of workflow "
                + id
                + " is a Java task, which cannot be exported: it lives in the program that"
                + " submitted it");
      }
      JobSpec.Builder j =
          JobSpec.builder(job.name())
              .command(job.originalCommand())
              .resourceRequirements(rrNames.get(refs.requirementsId(job)))
              .cancelOnBlockingJobFailure(job.cancelOnBlockingJobFailure())
              .supportsTermination(job.supportsTermination())
              .dependsOn(job.dependsOn().toArray(String[]::new))
              .inputFiles(job.inputFiles().toArray(String[]::new))
              .outputFiles(job.outputFiles().toArray(String[]::new))
              .priority(job.priority())
              .fallbackCommands(job.fallbackCommands().toArray(String[]::new));
      if (job.invocationScript() != null) {
        j.invocationScript(job.invocationScript());
      }
      if (job.failureHandler() != null) {
        j.failureHandler(job.failureHandler());
      }
      if (job.scheduler() != null) {
        j.scheduler(job.scheduler());
      }
      b.job(j.build());
    }
    return b.build();
  }

  private static ResourceRequirements rename(ResourceRequirements rr, String name) {
    return ResourceRequirements.builder(name)
        .numCpus(rr.numCpus())
        .memory(rr.memory())
        .numGpus(rr.numGpus())
        .numNodes(rr.numNodes())
        .runtime(rr.runtime())
        .build();
  }
}
