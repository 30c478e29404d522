package dev.torc.store.internal;

import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.AttemptRef;
import dev.torc.store.AttemptStart;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows a store keeps for {@link JobGraph}, read and written inside the store's transaction:
 * each store (SQL, in memory) is a schema plus these few row operations, and {@link JobGraph} holds
 * the rules. Nothing here checks a rule.
 */
interface GraphRows {

  /** A job as the rules see it; runner 0 stands for none. */
  record JobRow(
      long id,
      long workflowId,
      String name,
      JobStatus status,
      int unfinishedDeps,
      int attemptId,
      long runnerId) {}

  /** A blocked job that waits for a job that just ended. */
  record Dependent(long id, String name, int unfinishedDeps, boolean cancelOnFailure) {}

  /** A job a result is for, and whether it has a result for that attempt already. */
  record ResultTarget(JobRow job, boolean hasResult) {}

  /** A ready job a claim may take, with what it needs. */
  record Candidate(long id, int cpus, long memoryBytes, int gpus, long runtimeSeconds) {}

  /**
   * The job, which the transaction may now change (engines that lock rows lock it).
   *
   * @throws dev.torc.store.StoreException when there is no such job
   */
  JobRow job(long jobId);

  /**
   * These jobs, each as {@link #job} reads it, in the order of their ids (engines that lock rows
   * lock them in that order): in one read where the store can.
   *
   * @throws dev.torc.store.StoreException when one of them does not exist
   */
  default List<JobRow> jobs(List<Long> jobIds) {
    List<JobRow> jobs = new ArrayList<>(jobIds.size());
    jobIds.stream().distinct().sorted().forEach(id -> jobs.add(job(id)));
    return jobs;
  }

  /**
   * Whether a failure part-way through the transaction undoes all of its changes. A store that
   * cannot undo them has the rules check every change of a batch before it makes any.
   */
  boolean rollsBack();

  /**
   * The job, as {@link #job}, and whether it has a result for this attempt, as {@link #hasResult}:
   * in one read where the store can.
   *
   * @throws dev.torc.store.StoreException when there is no such job
   */
  default ResultTarget jobForResult(long jobId, int runId, int attemptId) {
    JobRow job = job(jobId);
    return new ResultTarget(job, hasResult(jobId, runId, attemptId));
  }

  /**
   * The workflow's run id.
   *
   * @throws dev.torc.store.StoreException when there is no such workflow
   */
  int runId(long workflowId);

  boolean hasResult(long jobId, int runId, int attemptId);

  void insertResult(JobResult result);

  void insertEvent(long workflowId, Long jobId, String kind, String message, Instant at);

  /**
   * Sets the job's status and forgets its retry delay; a status that is neither pending nor running
   * also forgets the job's runner and process.
   */
  void setStatus(long jobId, JobStatus status);

  /**
   * Adds {@code delta} to the count of unfinished dependencies of every job that waits for this.
   */
  void addToUnfinishedOfDependents(long jobId, int delta);

  /** The blocked jobs that wait for this one, by id. */
  List<Dependent> blockedDependents(long jobId);

  /**
   * Takes one from the count of unfinished dependencies of every job that waits for this one, which
   * just ended, and returns the blocked ones among them, by id: {@link
   * #addToUnfinishedOfDependents} with -1 and then {@link #blockedDependents}, in one statement
   * where the store can.
   */
  default List<Dependent> finishForDependents(long jobId) {
    addToUnfinishedOfDependents(jobId, -1);
    return blockedDependents(jobId);
  }

  /** Blocks again the ready jobs that wait for this one. */
  void blockReadyDependents(long jobId);

  /** Moves the job on to its next attempt, which runs this command (null for its own). */
  void nextAttempt(long jobId, String commandOverride);

  void setNotBefore(long jobId, Instant notBefore);

  void setRequirements(long jobId, ResourceRequirements requirements);

  /** Replaces the job's own command (the one its next attempts run). */
  void setCommand(long jobId, String command);

  void setPriority(long jobId, int priority);

  /** Deletes the job with its edges, file and data links, results and runner claims. */
  void deleteJob(long jobId);

  /** Moves a pending job to running as this attempt, started at {@code startedAt}. */
  void markRunning(long jobId, AttemptRef attempt, Instant startedAt);

  /** {@link #markRunning} for each start, in order: in one round trip where the store can. */
  default void markAllRunning(List<AttemptStart> starts) {
    starts.forEach(start -> markRunning(start.jobId(), start.attempt(), start.startedAt()));
  }

  /** Replaces the attempt recorded for a pending or running job. */
  void setAttempt(long jobId, AttemptRef attempt);

  /**
   * The workflow's ready jobs whose retry delay (if any) has passed, highest priority first, then
   * lowest id, at most {@code limit}; engines that lock rows skip those that others hold. Stores
   * may read them lazily, as the caller iterates, so that a claim that stops early reads and locks
   * no more rows than it looked at.
   */
  Iterable<Candidate> claimable(long workflowId, Instant now, long limit);

  /** Moves these ready jobs to pending under this runner (0 for none). */
  void claim(List<Long> jobIds, long runnerId);

  /**
   * The run a claim by this runner (0 for none) belongs to, once the runner is found to be an
   * active runner of the workflow and the workflow is locked for the claim as the engine locks it.
   *
   * @throws dev.torc.store.StoreException when there is no such workflow or runner, or the runner
   *     has stopped or runs another workflow
   */
  int runIdForClaim(long workflowId, long runnerId);

  /** These jobs' records, in this order, each as a claim leaves it: pending. */
  List<JobRecord> claimedRecords(List<Long> jobIds);

  /**
   * Moves these ready jobs to pending under this runner (0 for none), each with the attempt {@code
   * attempts} holds for it: {@link #claim} and {@link #setAttempt}, in one round trip where the
   * store can.
   */
  default void claimAllWithAttempts(
      long runnerId, List<Long> jobIds, Map<Long, AttemptRef> attempts) {
    claim(jobIds, runnerId);
    jobIds.forEach(id -> setAttempt(id, attempts.get(id)));
  }

  // ---- Whole-workflow changes; the workflow exists.

  /** How many of the workflow's jobs are pending or running. */
  int countActive(long workflowId);

  /** The workflow's jobs' statuses and who depends on whom. */
  JobGraph.Shape shape(long workflowId);

  /** The workflow's jobs that have not ended, by id. */
  List<JobRow> openJobs(long workflowId);

  /** Moves each of these jobs that has a result for its current attempt of this run on. */
  void advanceAttemptsThatRan(int runId, List<Long> jobIds);

  /** Starts the workflow's next run: its run id becomes {@code runId}, these jobs' attempt 1. */
  void startRun(long workflowId, int runId, List<Long> jobIds);

  /** Blocks these jobs and makes their next attempts run their own commands. */
  void blockForRerun(List<Long> jobIds);

  /** Counts again, for every job of the workflow, the jobs it waits for that have not ended. */
  void recountUnfinished(long workflowId);

  /** Makes ready those of these (blocked) jobs that wait for no unfinished job. */
  void readyIfNotWaiting(List<Long> jobIds);

  /** Records that no job of the workflow waits for an unfinished one (all have ended). */
  void clearUnfinished(long workflowId);

  void setCanceled(long workflowId, boolean canceled);
}
