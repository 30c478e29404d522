package dev.torc.store;

import java.util.List;

/**
 * The runners of a workflow and the attempts they run: what a restarted runner needs to settle a
 * dead one. Part of {@link WorkflowStore}.
 */
public interface RunnerRegistry {
  /**
   * Registers a runner of the workflow.
   *
   * @param workflowId the workflow
   * @param runner where the runner runs
   * @return the runner's id, never 0; the jobs it claims carry it
   * @throws StoreException when there is no such workflow
   */
  long registerRunner(long workflowId, RunnerInfo runner);

  /**
   * Records that the runner is alive now.
   *
   * @param runnerId the runner
   * @throws StoreException when there is no such runner or it has stopped (another runner may have
   *     settled its jobs)
   */
  void heartbeat(long runnerId);

  /**
   * Records that the runner has stopped; it no longer counts as active and may claim no more jobs.
   * Its pending and running jobs are left as they are: whoever unregisters a dead runner settles
   * them (see {@link #listActiveJobs} and {@link WorkflowStore#retryAttempt}). Unregistering a
   * stopped runner again does nothing.
   *
   * @param runnerId the runner
   * @throws StoreException when there is no such runner
   */
  void unregisterRunner(long runnerId);

  /**
   * The workflow's runners that have not unregistered.
   *
   * @param workflowId the workflow
   * @return the runners, oldest first
   */
  List<RunnerRecord> listActiveRunners(long workflowId);

  /**
   * Records that another process now works on a running job's attempt, its recovery script,
   * replacing the attempt {@link WorkflowStore#markJobRunning} recorded, so that whoever settles a
   * dead runner ({@link #listActiveJobs}) stops that process. The event log gets one {@code
   * recovery_script_started} entry.
   *
   * @param jobId the running job
   * @param runnerId the runner that runs the job, or 0 for a job claimed without one
   * @param process where the recovery script runs
   * @throws dev.torc.model.IllegalTransitionException when the job is not running
   * @throws StoreException when the job is unknown or another runner runs it
   */
  void recordRecoveryProcess(long jobId, long runnerId, AttemptRef process);

  /**
   * Releases the claim of a runner that died on one of its jobs, if the job is still pending under
   * that runner, or a runner's own running job whose process could not start: it goes back to
   * {@code ready} (blocked instead while a job it waits for is unfinished), as {@link
   * WorkflowStore#updateJobStatus} would move it, and the event log gets a {@code claim_released}
   * entry with this message. Several runners may settle the same dead runner at once; only the
   * first releases the claim.
   *
   * @param jobId the job
   * @param runnerId the runner that died, or 0 for a job claimed without one
   * @param message why the claim is released, for the event log
   * @return false, changing nothing, when the job is no longer pending or running under that runner
   * @throws StoreException when there is no such job
   */
  boolean releaseClaim(long jobId, long runnerId, String message);

  /**
   * Records the attempt of a runner that died as lost, if the job is still pending or running that
   * attempt (of the workflow's current run) under that runner and the attempt has no result: as
   * {@link WorkflowStore#retryAttempt(JobResult, String)} does, the result is stored and the job
   * becomes ready (or blocked) as its next attempt. A pending job is settled this way rather than
   * by {@link #releaseClaim} when its attempt was found to have started. Several runners may settle
   * the same dead runner at once; only the first records the attempt.
   *
   * @param lostAttempt the attempt's result, failed or terminated
   * @param runnerId the runner that died, or 0 for a job claimed without one
   * @param reason why the job runs again, for the event log
   * @return false, changing nothing, when the job no longer holds that attempt under that runner
   * @throws IllegalArgumentException when the result's status is neither failed nor terminated
   * @throws StoreException when there is no such job or it belongs to another workflow
   */
  boolean recordLostAttempt(JobResult lostAttempt, long runnerId, String reason);

  /**
   * The workflow's pending and running jobs with the runner (0 for none) and attempt of each. A job
   * moved to running without {@link WorkflowStore#markJobRunning} has no attempt.
   *
   * @param workflowId the workflow
   * @return the active jobs, by job id
   */
  List<ActiveJob> listActiveJobs(long workflowId);
}
