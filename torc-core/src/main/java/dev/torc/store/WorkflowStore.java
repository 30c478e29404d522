package dev.torc.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where workflows, jobs, results and events live. Every method that changes state is one
 * transaction: after a crash the store holds either all of a change or none of it. The methods are
 * grouped by role: {@link WorkflowCatalog}, {@link JobQueue}, {@link RunnerRegistry}, {@link
 * RecoveryLedger}, {@link EventLog} and {@link ActionLedger}. Implementations are safe for use by
 * several threads; the SQLite store is also safe for several processes on one machine, the
 * PostgreSQL store for processes on many machines.
 */
public interface WorkflowStore
    extends WorkflowCatalog,
        JobQueue,
        RunnerRegistry,
        RecoveryLedger,
        EventLog,
        ActionLedger,
        AutoCloseable {
  /** The attempt a claimed job is to run as, in the workflow's run {@code runId}. */
  @FunctionalInterface
  interface AttemptNamer {
    /**
     * The reference under which the job's current attempt is recorded as running.
     *
     * @param job the claimed job
     * @param runId the workflow's run the attempt belongs to
     * @return where the attempt runs
     */
    AttemptRef attempt(JobRecord job, int runId);
  }

  /**
   * A runner's pass: records {@code results} as {@link #completeJobs} does, then claims as {@link
   * #claimReadyJobs(long, ResourceBudget, int, long)} (jobs those results made ready included) and
   * records every claimed job as running, as {@link #markJobsRunning} does, under the attempt
   * {@code attempts} names for it. The SQLite and PostgreSQL stores do all of it in one
   * transaction: all or, when anything fails, none, and {@code attempts} may be asked again, for
   * other jobs, when the transaction runs again; other stores may record it step by step.
   *
   * @param workflowId the workflow
   * @param runnerId the runner that claims
   * @param results at most one result per job; may be empty
   * @param budget what the runner has free for the jobs it claims
   * @param maxJobs claim at most this many; 0 records the results alone
   * @param attempts names the attempt each claimed job runs as
   * @return the claimed jobs and the run they run in; {@link RunnerPass#NOTHING} when none was
   *     claimed
   * @throws StoreException as {@link #completeJobs} and {@link #claimReadyJobs(long,
   *     ResourceBudget, int, long)}
   */
  default RunnerPass completeAndStart(
      long workflowId,
      long runnerId,
      List<JobResult> results,
      ResourceBudget budget,
      int maxJobs,
      AttemptNamer attempts) {
    completeJobs(results);
    if (maxJobs <= 0) {
      return RunnerPass.NOTHING;
    }
    List<JobRecord> claimed = claimReadyJobs(workflowId, budget, maxJobs, runnerId);
    if (claimed.isEmpty()) {
      return RunnerPass.NOTHING;
    }
    int runId = getWorkflow(workflowId).runId();
    Map<Long, AttemptRef> refs = new LinkedHashMap<>();
    claimed.forEach(job -> refs.put(job.id(), attempts.attempt(job, runId)));
    markJobsRunning(runnerId, refs);
    return new RunnerPass(runId, claimed);
  }

  @Override
  void close();
}
