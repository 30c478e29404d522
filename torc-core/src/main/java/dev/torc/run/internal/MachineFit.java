package dev.torc.run.internal;

import dev.torc.exec.MachineResources;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.run.RunException;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether jobs' requirements fit what a runner may hand out. A job that never ran and can never fit
 * is an error before anything runs; a job whose requirements grew after it ran (a policy scaled
 * them, or a classification gave new ones) and can never fit here fails, so that it does not wait
 * forever.
 */
public final class MachineFit {
  /** The event kind of a job failed because its requirements exceed the runner's limits. */
  public static final String EVENT_EXCEEDS_LIMITS = "job_exceeds_limits";

  private static final Logger LOG = LoggerFactory.getLogger(MachineFit.class);

  private MachineFit() {}

  /** Each requirement that exceeds the limit, in words; empty when the job fits. */
  public static List<String> excess(ResourceRequirements rr, MachineResources total) {
    List<String> over = new ArrayList<>();
    if (rr.numCpus() > total.cpus()) {
      over.add(rr.numCpus() + " CPUs, more than this runner's " + total.cpus());
    }
    if (rr.memory().bytes() > total.memoryBytes()) {
      over.add(
          "memory "
              + rr.memory()
              + ", more than this runner's "
              + Memory.ofBytes(total.memoryBytes()));
    }
    if (rr.numGpus() > total.gpus()) {
      over.add(rr.numGpus() + " GPUs, more than this runner's " + total.gpus());
    }
    return over;
  }

  /** Why a job's requirements can never be met here, for events, logs and errors. */
  public static String describe(JobRecord job, List<String> excess) {
    return "job "
        + job.id()
        + " ("
        + job.name()
        + ") needs "
        + String.join(" and ", excess)
        + ", and can never start here";
  }

  /**
   * Refuses to run when a ready or blocked job that has not run yet (attempt 1) can never fit.
   *
   * @throws RunException naming every such job and requirement
   */
  public static void checkFirstAttempts(
      List<JobRecord> jobs, Function<ResourceRequirements, List<String>> cannotFit) {
    List<String> problems = new ArrayList<>();
    for (JobStatus status : List.of(JobStatus.READY, JobStatus.BLOCKED)) {
      for (JobRecord job : jobs) {
        if (job.status() != status) {
          continue;
        }
        List<String> excess = cannotFit.apply(job.requirements());
        if (job.attemptId() == 1 && !excess.isEmpty()) {
          problems.add(describe(job, excess));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RunException(String.join("\n", problems));
    }
  }

  /**
   * Fails every ready job past its first attempt that can never fit, with the cancel cascade of a
   * failure, an event and a log line each.
   *
   * @return how many jobs failed
   */
  public static int failRetriesThatCannotFit(
      WorkflowStore store,
      long workflowId,
      Function<ResourceRequirements, List<String>> cannotFit) {
    return failRetriesThatCannotFit(
        store, workflowId, store.listJobs(workflowId, JobStatus.READY), cannotFit);
  }

  /**
   * As {@link #failRetriesThatCannotFit(WorkflowStore, long, Function)}, among these of the
   * workflow's jobs (those not ready are passed over).
   *
   * @param jobs jobs of the workflow, as the store listed them
   * @return how many jobs failed
   */
  public static int failRetriesThatCannotFit(
      WorkflowStore store,
      long workflowId,
      List<JobRecord> jobs,
      Function<ResourceRequirements, List<String>> cannotFit) {
    int failed = 0;
    for (JobRecord job : jobs) {
      if (job.status() != JobStatus.READY) {
        continue;
      }
      List<String> excess = cannotFit.apply(job.requirements());
      if (job.attemptId() > 1 && !excess.isEmpty()) {
        String why = describe(job, excess);
        try {
          store.updateJobStatus(job.id(), JobStatus.FAILED);
        } catch (RuntimeException e) {
          // Another runner claimed or changed it meanwhile.
          LOG.debug("cannot fail job {}: {}", job.id(), e.getMessage());
          continue;
        }
        store.addEvent(workflowId, job.id(), EVENT_EXCEEDS_LIMITS, why + "; failed");
        LOG.warn("{}; failed", why);
        failed++;
      }
    }
    return failed;
  }
}
