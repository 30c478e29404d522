package dev.torc.store;

import dev.torc.model.FailureHandler;
import dev.torc.model.FileSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.UserDataSpec;
import dev.torc.model.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where workflows, jobs, results and events live. Every method that changes state is one
 * transaction: after a crash the store holds either all of a change or none of it. Implementations
 * are safe for use by several threads; the SQLite store is also safe for several processes.
 */
public interface WorkflowStore extends AutoCloseable {

  /**
   * Stores a built workflow in one transaction and initializes its jobs: a job with no dependencies
   * is {@code ready}, any other {@code blocked}.
   *
   * @return the new workflow's id
   */
  long createWorkflow(Workflow workflow);

  Optional<WorkflowRecord> findWorkflow(long workflowId);

  /** The workflow with this id. @throws StoreException when there is none */
  default WorkflowRecord getWorkflow(long workflowId) {
    return findWorkflow(workflowId)
        .orElseThrow(() -> new StoreException("no workflow with id " + workflowId));
  }

  /** Every workflow, oldest first. */
  List<WorkflowRecord> listWorkflows();

  /** Deletes a workflow with its jobs, results and events; false when there was none. */
  boolean deleteWorkflow(long workflowId);

  /** The workflow's jobs in id order, only those in {@code status} when it is not null. */
  List<JobRecord> listJobs(long workflowId, JobStatus status);

  Optional<JobRecord> findJob(long jobId);

  /** The job with this id. @throws StoreException when there is none */
  default JobRecord getJob(long jobId) {
    return findJob(jobId).orElseThrow(() -> new StoreException("no job with id " + jobId));
  }

  /** How many of the workflow's jobs are in each status; statuses with none are left out. */
  Map<JobStatus, Integer> countJobsByStatus(long workflowId);

  /** The workflow's files with their paths. */
  List<FileSpec> listFiles(long workflowId);

  /**
   * The workflow's classification rules and recovery policy, as created; {@link
   * RecoveryConfig#NONE} when it has neither, and {@code null} when there is no such workflow.
   */
  RecoveryConfig getRecoveryConfig(long workflowId);

  /**
   * Keeps what the analysis of a failed attempt found; a second record for the same attempt of the
   * same run replaces the first.
   *
   * @throws StoreException when there is no such workflow
   */
  void addFailureRecord(FailureInfo failure);

  /** The workflow's failure records, by job id, then run and attempt. */
  List<FailureInfo> listFailureRecords(long workflowId);

  /** One job's failure records, by run and attempt; empty for no such job. */
  default List<FailureInfo> listJobFailureRecords(long jobId) {
    return findJob(jobId)
        .map(
            job ->
                listFailureRecords(job.workflowId()).stream()
                    .filter(f -> f.jobId() == jobId)
                    .toList())
        .orElse(List.of());
  }

  /**
   * Atomically replaces the recovery policy state under {@code key} with what {@code change} makes
   * of the current value (JSON text, or {@code null} when there is none), in one transaction, and
   * returns the new value. The function must not have side effects; it may not return null.
   *
   * @throws StoreException when there is no such workflow
   */
  String updatePolicyState(
      long workflowId, String key, java.util.function.UnaryOperator<String> change);

  /** The workflow's recovery policy state: key to JSON value, by key. */
  Map<String, String> listPolicyState(long workflowId);

  /** The recovery policy state under one key (JSON text); empty when there is none. */
  default Optional<String> getPolicyState(long workflowId, String key) {
    return Optional.ofNullable(listPolicyState(workflowId).get(key));
  }

  /** The workflow's failure handlers. */
  List<FailureHandler> listFailureHandlers(long workflowId);

  /** The workflow's user data with the values it was created with. */
  List<UserDataSpec> listUserData(long workflowId);

  /** The workflow's Slurm schedulers. */
  List<SlurmScheduler> listSlurmSchedulers(long workflowId);

  /**
   * Atomically claims ready jobs that fit the budget together, moving them to {@code pending}:
   * highest priority first, then lowest id; a job that does not fit is passed over for smaller ones
   * behind it. No job is ever claimed twice, even by runners in different processes.
   *
   * <p>To keep a claim cheap however many jobs wait, a claim stops after passing over 1,000 ready
   * jobs that do not fit what is left of the budget; it also stops once {@code maxJobs} are claimed
   * or no CPU is left. Jobs further behind are considered by later claims.
   *
   * <p>The claimed jobs carry no runner (runner id 0); runners use {@link #claimReadyJobs(long,
   * ResourceBudget, int, long)}.
   *
   * @param maxJobs claim at most this many
   * @return the claimed jobs, now {@code pending}, in the order they were picked
   */
  default List<JobRecord> claimReadyJobs(long workflowId, ResourceBudget budget, int maxJobs) {
    return claimReadyJobs(workflowId, budget, maxJobs, 0);
  }

  /**
   * Moves a job to another status, checking the transition table. Dependents follow as they do in
   * {@link #completeJob}: when the job reaches a terminal status, blocked dependents become ready
   * or are canceled; when it leaves a terminal status (a retry or a reset), dependents that were
   * ready are blocked again. A job asked to become ready while a job it waits for is unfinished
   * (re-opened upstream) is blocked instead, and becomes ready when that job ends; so a ready job
   * never waits.
   *
   * @throws dev.torc.model.IllegalTransitionException when the move is not allowed
   */
  void updateJobStatus(long jobId, JobStatus status);

  /**
   * Records the outcome of the job's current attempt and moves it to the result's status in one
   * transaction. When that status is terminal, blocked dependents with {@code
   * cancel_on_blocking_job_failure} of a job that failed, was canceled or terminated are canceled
   * at once, cascading downstream; other blocked dependents whose jobs are now all terminal become
   * ready, even when one of those ended unsuccessfully. A {@code pending_failed} job's dependents
   * stay blocked. A result whose status is {@code ready} (a retry) leaves the job blocked instead
   * when a job it waits for is unfinished. The result and the status changes are also written to
   * the event log.
   *
   * @throws StoreException when a result for this (job, run, attempt) exists already, or the job is
   *     unknown or belongs to another workflow
   * @throws dev.torc.model.IllegalTransitionException when the job may not move to the result's
   *     status
   */
  void completeJob(JobResult result);

  /** Results of the workflow's attempts in the order they were recorded. */
  List<JobResult> listResults(long workflowId);

  /** The results of one job's attempts in the order they were recorded; empty for no such job. */
  default List<JobResult> listJobResults(long jobId) {
    return findJob(jobId)
        .map(job -> listResults(job.workflowId()).stream().filter(r -> r.jobId() == jobId).toList())
        .orElse(List.of());
  }

  /** Appends to the workflow's event log. */
  void addEvent(long workflowId, Long jobId, String kind, String message);

  /** The workflow's event log, oldest first. */
  List<WorkflowEvent> listEvents(long workflowId);

  // ---- Runners and the attempts they run: what a restarted runner needs to settle a dead one.

  /**
   * Registers a runner of the workflow; the jobs it claims carry the returned id, which is never 0.
   *
   * @throws StoreException when there is no such workflow
   */
  long registerRunner(long workflowId, RunnerInfo runner);

  /**
   * Records that the runner is alive now.
   *
   * @throws StoreException when there is no such runner or it has stopped (another runner may have
   *     settled its jobs)
   */
  void heartbeat(long runnerId);

  /**
   * Records that the runner has stopped; it no longer counts as active and may claim no more jobs.
   * Its pending and running jobs are left as they are: whoever unregisters a dead runner settles
   * them (see {@link #listActiveJobs} and {@link #retryAttempt}). Unregistering a stopped runner
   * again does nothing.
   *
   * @throws StoreException when there is no such runner
   */
  void unregisterRunner(long runnerId);

  /** The workflow's runners that have not unregistered, oldest first. */
  List<RunnerRecord> listActiveRunners(long workflowId);

  /**
   * As {@link #claimReadyJobs(long, ResourceBudget, int)}, tagging the claimed jobs with the runner
   * that claimed them.
   *
   * @param runnerId an active runner of the workflow, or 0 to claim without one
   * @throws StoreException when the runner is unknown, runs another workflow or has stopped
   */
  List<JobRecord> claimReadyJobs(
      long workflowId, ResourceBudget budget, int maxJobs, long runnerId);

  /**
   * Moves a claimed job from {@code pending} to {@code running} and records the process that runs
   * the attempt and when it started (the store's clock). A job's runner and process are forgotten
   * when it leaves {@code pending} and {@code running}.
   *
   * @param runnerId the runner that claimed the job, or 0 for a job claimed without one
   * @throws dev.torc.model.IllegalTransitionException when the job is not pending
   * @throws StoreException when the job is unknown or another runner claimed it
   */
  void markJobRunning(long jobId, long runnerId, RunnerInfo process);

  /**
   * Records that another process now works on a running job's attempt, its recovery script,
   * replacing the process {@link #markJobRunning} recorded, so that whoever settles a dead runner
   * ({@link #listActiveJobs}) stops that process. The event log gets one {@code
   * recovery_script_started} entry.
   *
   * @param runnerId the runner that runs the job, or 0 for a job claimed without one
   * @throws dev.torc.model.IllegalTransitionException when the job is not running
   * @throws StoreException when the job is unknown or another runner runs it
   */
  void recordRecoveryProcess(long jobId, long runnerId, RunnerInfo process);

  /**
   * Releases the claim of a runner that died on one of its jobs, if the job is still pending under
   * that runner: it goes back to {@code ready} (blocked instead while a job it waits for is
   * unfinished), as {@link #updateJobStatus} would move it, and the event log gets a {@code
   * claim_released} entry with this message. Several runners may settle the same dead runner at
   * once; only the first releases the claim.
   *
   * @param runnerId the runner that died, or 0 for a job claimed without one
   * @return false, changing nothing, when the job is no longer pending under that runner
   * @throws StoreException when there is no such job
   */
  boolean releaseClaim(long jobId, long runnerId, String message);

  /**
   * The workflow's pending and running jobs with the runner (0 for none) and process of each, by
   * job id. A job moved to running without {@link #markJobRunning} has no process.
   */
  List<ActiveJob> listActiveJobs(long workflowId);

  /**
   * Records a failed attempt and makes the job ready again as its next attempt, in one transaction:
   * the result is stored with its status (failed or terminated), the job moves from {@code running}
   * to {@code ready} with {@code attempt_id} one higher, and its dependents stay blocked (nothing
   * cascades). Used for retries by failure handlers and for attempts lost when a runner died. The
   * job is blocked instead of ready if a job it waits for was re-opened meanwhile. The event log
   * gets one {@code job_retry} entry.
   *
   * @param failedAttempt the result of the job's current attempt of the workflow's current run
   * @param reason why the job runs again, for the event log
   * @throws IllegalArgumentException when the result's status is neither failed nor terminated
   * @throws StoreException when the job is unknown or in another workflow, the result is not for
   *     its current run and attempt, or that attempt has a result already
   * @throws dev.torc.model.IllegalTransitionException when the job is not running
   */
  default void retryAttempt(JobResult failedAttempt, String reason) {
    retryAttempt(failedAttempt, reason, null);
  }

  /**
   * As {@link #retryAttempt(JobResult, String)}, with a delay that survives restarts: the job is
   * not claimed before {@code notBefore} (the store's clock), though it is {@code ready}. The delay
   * is forgotten at the job's next status change.
   *
   * @param notBefore the earliest time the next attempt may be claimed, or {@code null} for at once
   */
  default void retryAttempt(JobResult failedAttempt, String reason, java.time.Instant notBefore) {
    retryAttempt(failedAttempt, reason, notBefore, null);
  }

  /**
   * As {@link #retryAttempt(JobResult, String, java.time.Instant)}, in the same transaction setting
   * the command the next attempt runs: {@code commandOverride} (a fallback command), or the job's
   * own when it is {@code null}. Resets, reinitializing and {@link #retryJob} go back to the job's
   * own command.
   */
  void retryAttempt(
      JobResult failedAttempt, String reason, java.time.Instant notBefore, String commandOverride);

  /**
   * The earliest time, still in the future, at which a ready job of the workflow that waits out a
   * retry delay may be claimed; empty when no ready job waits.
   */
  Optional<java.time.Instant> nextNotBefore(long workflowId);

  /**
   * Holds a job back from being claimed: a {@code pending} job goes back to {@code ready} (its
   * claim is released), a {@code ready} one stays ready, and neither is claimed before {@code
   * notBefore} (the store's clock), across restarts; {@code null} makes it claimable at once. Used
   * when a job may not launch yet, such as while a circuit breaker holds it. The delay is forgotten
   * at the job's next status change. The event log gets one {@code job_held} entry ({@code
   * job_released} for {@code null}).
   *
   * @param reason why, for the event log
   * @throws dev.torc.model.IllegalTransitionException when the job is neither pending nor ready
   * @throws StoreException when there is no such job
   */
  void holdJob(long jobId, java.time.Instant notBefore, String reason);

  /**
   * Makes a job that ended ({@code failed}, {@code terminated}, {@code canceled}) or awaits
   * classification ({@code pending_failed}) ready again as its next attempt, optionally with new
   * requirements for this job alone; it is blocked instead while a job it waits for is unfinished.
   * The attempt id always grows by one. Like {@link #updateJobStatus}, leaving an ended status
   * blocks again dependents that were ready; dependents that were canceled because this job ended
   * stay canceled ({@link #resetJobs} brings those back). The event log gets one {@code job_retry}
   * entry.
   *
   * @param requirements the job's new requirements, or {@code null} to keep them
   * @param reason why, for the event log
   * @throws dev.torc.model.IllegalTransitionException when the job is in another status
   * @throws StoreException when there is no such job
   */
  void retryJob(long jobId, ResourceRequirements requirements, String reason);

  /**
   * Replaces one job's requirements (the others keep theirs), whatever its status.
   *
   * @throws StoreException when there is no such job
   */
  void updateJobRequirements(long jobId, ResourceRequirements requirements);

  // ---- Whole-workflow changes.

  /**
   * Resets jobs so that they run again: with {@code failedOnly}, jobs that failed, were canceled or
   * terminated, or await classification, and every job downstream of them; otherwise every job.
   * Reset jobs are initialized again (ready or blocked). A reset job that has a result for its
   * current attempt moves on to the next attempt, so each attempt keeps its own result and logs.
   * Jobs that are not reset keep their status (completed jobs upstream stay completed, so the jobs
   * after them can be ready at once); {@code disabled} jobs are never reset. With {@code
   * failedOnly}, pending and running jobs are left alone; without it, the store refuses while any
   * job is pending or running: stop the workflow's runners first. Clears {@link
   * WorkflowRecord#canceled()}.
   *
   * @return how many jobs were reset
   * @throws StoreException when there is no such workflow, or (without {@code failedOnly}) a job is
   *     pending or running
   */
  int resetJobs(long workflowId, boolean failedOnly);

  /**
   * Resets chosen jobs so that they run again, some with new requirements, in one transaction: the
   * chosen jobs, which must have ended unsuccessfully (failed, canceled, terminated) or await
   * classification ({@code pending_failed}), and every job downstream of them are initialized again
   * as {@link #resetJobs(long, boolean)} does with {@code failedOnly}, and each job in {@code
   * requirements} gets its new requirements (the others keep theirs). Unsuccessful jobs that are
   * not chosen, and their downstream, keep their status. The event log gets a {@code
   * job_requirements} entry per changed job and one {@code workflow_reset} entry with the reason.
   * Clears {@link WorkflowRecord#canceled()}.
   *
   * @param jobIds the jobs to reset
   * @param requirements new requirements by job id, for chosen jobs only
   * @param reason why, for the event log
   * @return how many jobs were reset
   * @throws StoreException when there is no such workflow, a chosen job is not one of its jobs, or
   *     {@code requirements} names a job that is not chosen
   * @throws dev.torc.model.IllegalTransitionException when a chosen job is in another status
   */
  int resetJobs(
      long workflowId,
      Set<Long> jobIds,
      Map<Long, ResourceRequirements> requirements,
      String reason);

  /**
   * Starts a new run: {@code run_id} grows by one, and the given jobs and every job downstream of
   * them are initialized again with {@code attempt_id} 1; other jobs keep their status and attempt.
   * {@code disabled} jobs stay disabled. Refuses while any job is pending or running: stop the
   * workflow's runners first. Clears {@link WorkflowRecord#canceled()}.
   *
   * @return the ids of the jobs that will run again, in id order
   * @throws StoreException when there is no such workflow, a job id is not one of its jobs, or a
   *     job is pending or running
   */
  Set<Long> reinitialize(long workflowId, Set<Long> jobIds);

  /**
   * Cancels the workflow: every job that has not ended is canceled, running ones included (their
   * runner stops them), and {@link WorkflowRecord#canceled()} becomes true until the next reset or
   * reinitialize. The event log gets {@code workflow_canceled} and a {@code job_canceled} entry per
   * job.
   *
   * @throws StoreException when there is no such workflow
   */
  void cancelWorkflow(long workflowId);

  @Override
  void close();
}
