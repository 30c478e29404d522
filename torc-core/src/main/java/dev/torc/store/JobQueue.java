package dev.torc.store;

import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claiming ready jobs and moving them through their statuses, with the transition table and the
 * rules by which dependents follow. Part of {@link WorkflowStore}.
 */
public interface JobQueue {
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
   * @param workflowId the workflow
   * @param budget what the claimed jobs may take together
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
   * @param jobId the job
   * @param status the status to move it to
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
   * @param result the attempt's outcome, naming its job, run and attempt
   * @throws StoreException when a result for this (job, run, attempt) exists already, or the job is
   *     unknown or belongs to another workflow
   * @throws dev.torc.model.IllegalTransitionException when the job may not move to the result's
   *     status
   */
  void completeJob(JobResult result);

  /**
   * Records several results, each as {@link #completeJob} does, in one transaction: all of them or,
   * when one cannot be recorded, none. A runner records the attempts that ended together this way.
   *
   * @param results at most one result per job
   * @throws IllegalArgumentException when two results are for the same job
   * @throws StoreException as {@link #completeJob}, for any of the results
   * @throws dev.torc.model.IllegalTransitionException as {@link #completeJob}, for any of them
   */
  void completeJobs(List<JobResult> results);

  /**
   * As {@link #claimReadyJobs(long, ResourceBudget, int)}, tagging the claimed jobs with the runner
   * that claimed them.
   *
   * @param workflowId the workflow
   * @param budget what the claimed jobs may take together
   * @param maxJobs claim at most this many
   * @param runnerId an active runner of the workflow, or 0 to claim without one
   * @return the claimed jobs, now {@code pending}, in the order they were picked
   * @throws StoreException when the runner is unknown, runs another workflow or has stopped
   */
  List<JobRecord> claimReadyJobs(
      long workflowId, ResourceBudget budget, int maxJobs, long runnerId);

  /**
   * Moves a claimed job from {@code pending} to {@code running} and records where the attempt runs
   * and when it started (the store's clock). A job's runner and attempt are forgotten when it
   * leaves {@code pending} and {@code running}.
   *
   * @param jobId the claimed job
   * @param runnerId the runner that claimed the job, or 0 for a job claimed without one
   * @param attempt where the attempt runs
   * @throws dev.torc.model.IllegalTransitionException when the job is not pending
   * @throws StoreException when the job is unknown or another runner claimed it
   */
  void markJobRunning(long jobId, long runnerId, AttemptRef attempt);

  /**
   * As {@link #markJobRunning} for several claimed jobs of one runner: the stores of this module
   * check every job before recording any and record all of them in one transaction, so either all
   * are running or none is. A runner marks the attempts of one claim this way before it starts any
   * of their processes.
   *
   * @param runnerId the runner that claimed the jobs, or 0 for jobs claimed without one
   * @param attempts each job's id and the attempt to record, recorded in the map's iteration order
   * @throws dev.torc.model.IllegalTransitionException when a job is not pending
   * @throws StoreException when a job is unknown or another runner claimed it
   */
  default void markJobsRunning(long runnerId, Map<Long, AttemptRef> attempts) {
    attempts.forEach((jobId, attempt) -> markJobRunning(jobId, runnerId, attempt));
  }

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
   * @param failedAttempt the result of the job's current attempt of the workflow's current run
   * @param reason why the job runs again, for the event log
   * @param notBefore the earliest time the next attempt may be claimed, or {@code null} for at once
   */
  default void retryAttempt(JobResult failedAttempt, String reason, java.time.Instant notBefore) {
    retryAttempt(failedAttempt, reason, notBefore, null);
  }

  /**
   * As {@link #retryAttempt(JobResult, String, java.time.Instant)}, in the same transaction setting
   * the command the next attempt runs. Resets, reinitializing and {@link #retryJob} go back to the
   * job's own command.
   *
   * @param failedAttempt the result of the job's current attempt of the workflow's current run
   * @param reason why the job runs again, for the event log
   * @param notBefore the earliest time the next attempt may be claimed, or {@code null} for at once
   * @param commandOverride the command the next attempt runs (a fallback command), or {@code null}
   *     for the job's own
   */
  void retryAttempt(
      JobResult failedAttempt, String reason, java.time.Instant notBefore, String commandOverride);

  /**
   * When the next delayed retry of the workflow falls due.
   *
   * @param workflowId the workflow
   * @return the earliest time, still in the future, at which a ready job that waits out a retry
   *     delay may be claimed; empty when no ready job waits
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
   * @param jobId the job
   * @param notBefore the earliest time it may be claimed, or {@code null} for at once
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
   * stay canceled ({@link WorkflowStore#resetJobs} brings those back). The event log gets one
   * {@code job_retry} entry.
   *
   * @param jobId the job
   * @param requirements the job's new requirements, or {@code null} to keep them
   * @param reason why, for the event log
   * @throws dev.torc.model.IllegalTransitionException when the job is in another status
   * @throws StoreException when there is no such job
   */
  void retryJob(long jobId, ResourceRequirements requirements, String reason);
}
