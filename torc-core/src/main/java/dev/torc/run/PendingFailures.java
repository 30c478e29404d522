package dev.torc.run;

import dev.torc.TorcException;
import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.JobRecord;
import dev.torc.store.WorkflowStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Resolves jobs that await classification ({@code pending_failed}): a retry makes the job ready
 * again as its next attempt, optionally with more memory or runtime for that job alone; a failure
 * fails it, canceling its dependents that cancel on a blocking failure. Every decision goes to the
 * event log with who made it and why.
 */
public final class PendingFailures {

  /** What to do with a job awaiting classification. */
  public enum Action {
    /** Retry: the job becomes ready again as its next attempt. */
    RETRY,
    /** Fail: the job fails, canceling its dependents that cancel on a blocking failure. */
    FAIL
  }

  /**
   * One decision.
   *
   * @param jobId the job
   * @param action retry or fail
   * @param memory new memory for a retry, or {@code null} to keep it
   * @param runtime new runtime for a retry, or {@code null} to keep it
   * @param reason why, in words
   */
  public record Resolution(
      long jobId, Action action, Memory memory, Duration runtime, String reason) {
    /**
     * Checks that only a retry changes memory or runtime.
     *
     * @param jobId the job
     * @param action retry or fail
     * @param memory new memory for a retry, or {@code null} to keep it
     * @param runtime new runtime for a retry, or {@code null} to keep it
     * @param reason why, in words
     */
    public Resolution {
      Objects.requireNonNull(action, "action");
      if (action == Action.FAIL && (memory != null || runtime != null)) {
        throw new IllegalArgumentException("new memory or runtime only goes with a retry");
      }
    }
  }

  /**
   * A decision as it will be applied.
   *
   * @param job the job as it was
   * @param resolution the decision
   * @param requirements the job's requirements after a retry (unchanged for a failure)
   */
  public record Applied(JobRecord job, Resolution resolution, ResourceRequirements requirements) {}

  private PendingFailures() {}

  /**
   * Checks and applies decisions; with {@code dryRun} only checks them.
   *
   * @param store the store that holds the workflow
   * @param workflowId the workflow the jobs belong to
   * @param resolutions the decisions, at most one per job
   * @param actor who decided, such as a user name, {@code rules} or an agent's name
   * @param dryRun true to check the decisions without applying them
   * @return the decisions as applied (or as they would be), in order
   * @throws TorcException naming every job that is not in the workflow or not pending_failed, or
   *     that is classified more than once; nothing is applied then
   */
  public static List<Applied> resolve(
      WorkflowStore store,
      long workflowId,
      List<Resolution> resolutions,
      String actor,
      boolean dryRun) {
    List<Applied> applied = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (Resolution resolution : resolutions) {
      JobRecord job = store.findJob(resolution.jobId()).orElse(null);
      if (!seen.add(resolution.jobId())) {
        problems.add("job " + resolution.jobId() + " is classified more than once");
      } else if (job == null || job.workflowId() != workflowId) {
        problems.add("job " + resolution.jobId() + " is not a job of workflow " + workflowId);
      } else if (job.status() != JobStatus.PENDING_FAILED) {
        problems.add(
            "job "
                + job.id()
                + " ("
                + job.name()
                + ") is "
                + job.status().label()
                + ", not pending_failed");
      } else {
        applied.add(new Applied(job, resolution, newRequirements(job, resolution)));
      }
    }
    if (!problems.isEmpty()) {
      throw new TorcException(String.join("\n", problems));
    }
    if (!dryRun) {
      applied.forEach(a -> apply(store, workflowId, a, actor));
    }
    return applied;
  }

  private static ResourceRequirements newRequirements(JobRecord job, Resolution resolution) {
    ResourceRequirements current = job.requirements();
    if (resolution.memory() == null && resolution.runtime() == null) {
      return current;
    }
    ResourceRequirements.Builder builder = current.toBuilder();
    if (resolution.memory() != null) {
      builder.memory(resolution.memory());
    }
    if (resolution.runtime() != null) {
      builder.runtime(resolution.runtime());
    }
    return builder.build();
  }

  private static void apply(WorkflowStore store, long workflowId, Applied a, String actor) {
    JobRecord job = a.job();
    String why = a.resolution().reason() == null ? "no reason given" : a.resolution().reason();
    String message =
        "job "
            + job.id()
            + " ("
            + job.name()
            + ") classified "
            + (a.resolution().action() == Action.RETRY ? "transient: retry" : "permanent: fail")
            + " by "
            + actor
            + ": "
            + why;
    store.addEvent(workflowId, job.id(), "job_classified", message);
    if (a.resolution().action() == Action.RETRY) {
      boolean changed = !a.requirements().equals(job.requirements());
      store.retryJob(job.id(), changed ? a.requirements() : null, message);
    } else {
      store.updateJobStatus(job.id(), JobStatus.FAILED);
    }
  }
}
