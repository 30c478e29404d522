package dev.torc.store;

import java.util.List;

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
     * The reference under which the job's next attempt is recorded with its claim.
     *
     * @param job the claimed job
     * @param runId the workflow's run the attempt belongs to
     * @return where the attempt runs
     */
    AttemptRef attempt(JobRecord job, int runId);
  }

  /**
   * A runner's pass, in one transaction: records the attempts the runner launched since its last
   * pass as running ({@code starts}: pending to running, at the time each started), then {@code
   * results} as {@link #completeJobs} does, then claims as {@link #claimReadyJobs(long,
   * ResourceBudget, int, long)} (jobs those results made ready included), recording with each claim
   * the reference {@code attempts} names for the attempt the runner will launch. A claimed job
   * stays pending until a later pass records its start; whoever settles a dead runner treats a
   * pending job with a recorded reference as an attempt that may have started (it is recorded lost,
   * never run twice at once). A start whose job is no longer pending under this runner (canceled or
   * reset meanwhile) is passed over. All of it or, when anything fails, none is recorded, and
   * {@code attempts} may be asked again, for other jobs, when the transaction runs again.
   *
   * @param workflowId the workflow
   * @param runnerId the runner that claims
   * @param starts the attempts this runner launched, each of a job it claimed; may be empty
   * @param results at most one result per job; may be empty
   * @param budget what the runner may take for the jobs it claims
   * @param maxJobs claim at most this many; 0 records the starts and results alone
   * @param attempts names the attempt each claimed job is to run as
   * @return the claimed jobs and the run they run in; {@link RunnerPass#NOTHING} when none was
   *     claimed
   * @throws StoreException as {@link #completeJobs} and {@link #claimReadyJobs(long,
   *     ResourceBudget, int, long)}
   */
  RunnerPass runnerPass(
      long workflowId,
      long runnerId,
      List<AttemptStart> starts,
      List<JobResult> results,
      ResourceBudget budget,
      int maxJobs,
      AttemptNamer attempts);

  @Override
  void close();
}
