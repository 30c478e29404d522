package dev.torc.store.internal;

import static dev.torc.store.internal.StoreSupport.jobEventKind;

import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.store.AttemptRef;
import dev.torc.store.AttemptStart;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerPass;
import dev.torc.store.StoreException;
import dev.torc.store.WorkflowStore;
import dev.torc.store.internal.GraphRows.Candidate;
import dev.torc.store.internal.GraphRows.Dependent;
import dev.torc.store.internal.GraphRows.JobRow;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The job-graph rules every store follows, written once over {@link GraphRows}: claim packing,
 * status changes with the transition table and the way dependents follow (unblocking, cancel
 * cascades, re-blocking), retries, holds, and the downstream search of resets. Each method runs
 * inside the calling store's transaction; the store supplies the time.
 */
final class JobGraph {
  private final GraphRows rows;

  JobGraph(GraphRows rows) {
    this.rows = rows;
  }

  /**
   * Picks the ready jobs a claim takes, highest priority first, passing over jobs that do not fit
   * what is left of the budget, and moves them to pending under the runner.
   *
   * @return the claimed jobs' ids in the order they were picked
   */
  List<Long> claim(
      long workflowId, ResourceBudget budget, int maxJobs, long runnerId, Instant now) {
    List<Long> picked = pick(workflowId, budget, maxJobs, now);
    if (!picked.isEmpty()) {
      rows.claim(picked, runnerId);
    }
    return picked;
  }

  /**
   * Picks the ready jobs a claim takes, as {@link #claim} does, without moving them: the caller
   * moves them with {@link #claimWithAttempts} in the same transaction.
   *
   * @return the picked jobs' ids in the order they were picked
   */
  private List<Long> pick(long workflowId, ResourceBudget budget, int maxJobs, Instant now) {
    if (maxJobs <= 0) {
      return List.of();
    }
    // Most claims take the first jobs in line: read only as many rows as can be taken (every job
    // needs a CPU), and the longer line in which a claim may pass over jobs that do not fit only
    // when one of them did not fit. A runner with one free CPU would otherwise read a thousand
    // rows for one job.
    int first = Math.min(maxJobs, Math.max(1, budget.cpus()));
    Picks picks = pick(rows.claimable(workflowId, now, first), budget, maxJobs);
    if (picks.read() == first && picks.couldTakeMore(maxJobs)) {
      long limit = Math.min((long) maxJobs + StoreSupport.CLAIM_SKIP_LIMIT, Integer.MAX_VALUE);
      picks = pick(rows.claimable(workflowId, now, limit), budget, maxJobs);
    }
    return picks.claimed();
  }

  /** What a claim took from the line of candidates, how many it read and passed over. */
  private record Picks(List<Long> claimed, int read, int skipped, ResourceBudget left) {
    boolean couldTakeMore(int maxJobs) {
      return claimed.size() < maxJobs && skipped < StoreSupport.CLAIM_SKIP_LIMIT && left.cpus() > 0;
    }
  }

  private static Picks pick(Iterable<Candidate> line, ResourceBudget budget, int maxJobs) {
    List<Long> claimed = new ArrayList<>();
    ResourceBudget left = budget;
    int read = 0;
    int skipped = 0;
    for (Candidate job : line) {
      if (claimed.size() >= maxJobs
          || skipped >= StoreSupport.CLAIM_SKIP_LIMIT
          || left.cpus() <= 0) {
        break;
      }
      read++;
      if (left.fits(job.cpus(), job.memoryBytes(), job.gpus(), job.runtimeSeconds())) {
        claimed.add(job.id());
        left = left.minus(job.cpus(), job.memoryBytes(), job.gpus());
      } else {
        skipped++;
      }
    }
    return new Picks(claimed, read, skipped, left);
  }

  /** As {@link dev.torc.store.WorkflowStore#updateJobStatus}. */
  void updateStatus(long jobId, JobStatus status, Instant now) {
    move(rows.job(jobId), status, now);
  }

  /** Moves the job to this status, or blocked when it must wait, and logs the move. */
  private void move(JobRow job, JobStatus status, Instant now) {
    job.status().checkTransition(status);
    JobStatus reached = StoreSupport.reached(status, job.unfinishedDeps());
    rows.insertEvent(
        job.workflowId(),
        job.id(),
        jobEventKind(reached),
        StoreSupport.describeMove(job.name(), job.status(), status, reached),
        now);
    transition(job, reached, now);
  }

  /** As {@link dev.torc.store.WorkflowStore#releaseClaim}. */
  boolean releaseClaim(long jobId, long runnerId, String message, Instant now) {
    JobRow job = rows.job(jobId);
    boolean held = job.status() == JobStatus.PENDING || job.status() == JobStatus.RUNNING;
    if (!held || job.runnerId() != runnerId) {
      return false;
    }
    move(job, JobStatus.READY, now);
    rows.insertEvent(
        job.workflowId(),
        jobId,
        StoreSupport.EVENT_CLAIM_RELEASED,
        Objects.requireNonNullElse(message, ""),
        now);
    return true;
  }

  /**
   * As {@link dev.torc.store.WorkflowStore#completeJobs}: all or none of a batch is recorded. A
   * store that cannot roll back has every result checked before any is recorded.
   */
  void completeAll(List<JobResult> results, Instant now) {
    if (results.size() > 1) {
      checkDistinct(results.stream().map(JobResult::jobId).toList());
    }
    if (results.size() > 1 && !rows.rollsBack()) {
      for (JobResult result : results) {
        resultJob(result).status().checkTransition(result.status());
      }
    }
    for (JobResult result : results) {
      complete(result, now);
    }
  }

  /**
   * One batch changes a job once: each change is checked against the job as it was before the
   * batch.
   */
  private static void checkDistinct(List<Long> jobIds) {
    Set<Long> seen = new HashSet<>();
    for (long jobId : jobIds) {
      if (!seen.add(jobId)) {
        throw new IllegalArgumentException("job " + jobId + " appears twice in one batch");
      }
    }
  }

  /** As {@link dev.torc.store.WorkflowStore#completeJob}. */
  void complete(JobResult result, Instant now) {
    JobRow job = resultJob(result);
    job.status().checkTransition(result.status());
    rows.insertResult(result);
    JobStatus reached = StoreSupport.reached(result.status(), job.unfinishedDeps());
    rows.insertEvent(
        job.workflowId(),
        job.id(),
        jobEventKind(reached),
        StoreSupport.describeResult(job.name(), result, reached),
        now);
    transition(job, reached, now);
  }

  /**
   * The job a result is for, after checking that it belongs to the result's workflow and has no
   * result for this attempt yet.
   */
  private JobRow resultJob(JobResult result) {
    GraphRows.ResultTarget target =
        rows.jobForResult(result.jobId(), result.runId(), result.attemptId());
    JobRow job = target.job();
    if (job.workflowId() != result.workflowId()) {
      throw StoreSupport.resultOfOtherWorkflow(result, job.workflowId());
    }
    if (target.hasResult()) {
      throw new StoreException(StoreSupport.duplicateResult(result));
    }
    return job;
  }

  /**
   * As {@link dev.torc.store.WorkflowStore#markJobsRunning}: every job is checked before any is
   * recorded, so that a store without rollback also records all or none.
   */
  void markAllRunning(long runnerId, Map<Long, AttemptRef> attempts, Instant now) {
    if (attempts.size() > 1) {
      for (long jobId : attempts.keySet()) {
        checkMarkable(rows.job(jobId), runnerId);
      }
    }
    attempts.forEach((jobId, attempt) -> markRunning(jobId, runnerId, attempt, now));
  }

  private static void checkMarkable(JobRow job, long runnerId) {
    job.status().checkTransition(JobStatus.RUNNING);
    if (job.runnerId() != runnerId) {
      throw StoreSupport.wrongRunner(job.name(), job.runnerId(), runnerId);
    }
  }

  /** As {@link dev.torc.store.WorkflowStore#markJobRunning}. */
  void markRunning(long jobId, long runnerId, AttemptRef attempt, Instant now) {
    JobRow job = rows.job(jobId);
    checkMarkable(job, runnerId);
    running(job.workflowId(), jobId, job.name(), job.attemptId(), runnerId, attempt, now);
  }

  /**
   * One {@link WorkflowStore#runnerPass}, whose arguments the store has checked: records the
   * runner's starts, then its results, then claims what fits the budget, each claimed job with the
   * attempt {@code attempts} names for it.
   */
  RunnerPass runnerPass(
      long workflowId,
      long runnerId,
      List<AttemptStart> starts,
      List<JobResult> results,
      ResourceBudget budget,
      int maxJobs,
      WorkflowStore.AttemptNamer attempts,
      Instant now) {
    recordStarts(runnerId, starts);
    completeAll(results, now);
    if (maxJobs <= 0) {
      return RunnerPass.NOTHING;
    }
    int runId = rows.runIdForClaim(workflowId, runnerId);
    List<Long> picked = pick(workflowId, budget, maxJobs, now);
    if (picked.isEmpty()) {
      return RunnerPass.NOTHING;
    }
    return claimWithAttempts(runnerId, runId, rows.claimedRecords(picked), attempts);
  }

  /**
   * Claims jobs {@link #pick} picked in this transaction, each pending under the runner with the
   * attempt {@code attempts} names for it: one row change per job.
   *
   * @param claimed the picked jobs as they are once claimed, in the order they were picked
   */
  private RunnerPass claimWithAttempts(
      long runnerId, int runId, List<JobRecord> claimed, WorkflowStore.AttemptNamer attempts) {
    Map<Long, AttemptRef> refs = new HashMap<>();
    List<Long> ids = new ArrayList<>(claimed.size());
    for (JobRecord job : claimed) {
      AttemptRef attempt = attempts.attempt(job, runId);
      StoreSupport.checkAttemptRef(attempt, "attempt");
      refs.put(job.id(), attempt);
      ids.add(job.id());
    }
    rows.claimAllWithAttempts(runnerId, ids, refs);
    return new RunnerPass(runId, claimed);
  }

  /**
   * As {@link dev.torc.store.WorkflowStore#runnerPass}'s starts: each job still pending under the
   * runner moves to running at the time its attempt started; the others are passed over.
   */
  private void recordStarts(long runnerId, List<AttemptStart> starts) {
    if (starts.isEmpty()) {
      return;
    }
    Map<Long, JobRow> jobs = new HashMap<>();
    for (JobRow job : rows.jobs(starts.stream().map(AttemptStart::jobId).toList())) {
      jobs.put(job.id(), job);
    }
    List<AttemptStart> recorded = new ArrayList<>(starts.size());
    Set<Long> started = new HashSet<>();
    for (AttemptStart start : starts) {
      JobRow job = jobs.get(start.jobId());
      if (job.status() != JobStatus.PENDING
          || job.runnerId() != runnerId
          || !started.add(job.id())) {
        continue;
      }
      recorded.add(start);
      runningEvent(
          job.workflowId(),
          job.id(),
          job.name(),
          job.attemptId(),
          runnerId,
          start.attempt(),
          start.startedAt());
    }
    rows.markAllRunning(recorded);
  }

  private void running(
      long workflowId,
      long jobId,
      String name,
      int attemptId,
      long runnerId,
      AttemptRef attempt,
      Instant now) {
    rows.markRunning(jobId, attempt, now);
    runningEvent(workflowId, jobId, name, attemptId, runnerId, attempt, now);
  }

  private void runningEvent(
      long workflowId,
      long jobId,
      String name,
      int attemptId,
      long runnerId,
      AttemptRef attempt,
      Instant now) {
    rows.insertEvent(
        workflowId,
        jobId,
        jobEventKind(JobStatus.RUNNING),
        StoreSupport.describeRunning(name, attemptId, runnerId, attempt),
        now);
  }

  /** As {@link dev.torc.store.WorkflowStore#recordRecoveryProcess}. */
  void recordRecoveryProcess(long jobId, long runnerId, AttemptRef process, Instant now) {
    JobRow job = rows.job(jobId);
    StoreSupport.checkRunning(job.status());
    if (job.runnerId() != runnerId) {
      throw StoreSupport.wrongRunner(job.name(), job.runnerId(), runnerId);
    }
    rows.setAttempt(jobId, process);
    rows.insertEvent(
        job.workflowId(),
        jobId,
        StoreSupport.EVENT_RECOVERY_SCRIPT_STARTED,
        StoreSupport.describeRecoveryProcess(job.name(), job.attemptId(), process),
        now);
  }

  /** As {@link dev.torc.store.WorkflowStore#holdJob}. */
  void hold(long jobId, Instant notBefore, String reason, Instant now) {
    JobRow job = rows.job(jobId);
    StoreSupport.checkHoldable(job.status());
    if (job.status() == JobStatus.PENDING) {
      // pending -> ready: neither is terminal, so dependents stay as they are.
      transition(job, JobStatus.READY, now);
    }
    rows.setNotBefore(jobId, notBefore);
    rows.insertEvent(
        job.workflowId(),
        jobId,
        StoreSupport.holdEvent(notBefore),
        StoreSupport.describeHold(job.name(), job.attemptId(), notBefore, reason),
        now);
  }

  /** As {@link dev.torc.store.WorkflowStore#retryAttempt(JobResult, String, Instant, String)}. */
  void retryAttempt(
      JobResult failedAttempt,
      String reason,
      Instant notBefore,
      String commandOverride,
      Instant now) {
    JobRow job = resultJob(failedAttempt);
    StoreSupport.checkCurrentAttempt(
        failedAttempt, job.name(), rows.runId(job.workflowId()), job.attemptId());
    StoreSupport.checkRunning(job.status());
    retry(job, failedAttempt, reason, notBefore, commandOverride, now);
  }

  /** As {@link dev.torc.store.WorkflowStore#recordLostAttempt}. */
  boolean recordLostAttempt(JobResult lost, long runnerId, String reason, Instant now) {
    JobRow job = rows.job(lost.jobId());
    if (job.workflowId() != lost.workflowId()) {
      throw StoreSupport.resultOfOtherWorkflow(lost, job.workflowId());
    }
    boolean held =
        (job.status() == JobStatus.RUNNING || job.status() == JobStatus.PENDING)
            && job.runnerId() == runnerId
            && job.attemptId() == lost.attemptId()
            && rows.runId(job.workflowId()) == lost.runId()
            && !rows.hasResult(lost.jobId(), lost.runId(), lost.attemptId());
    if (held) {
      retry(job, lost, reason, null, null, now);
    }
    return held;
  }

  /** Stores the failed attempt's result and makes the job ready (or blocked) as its next one. */
  private void retry(
      JobRow job,
      JobResult failedAttempt,
      String reason,
      Instant notBefore,
      String commandOverride,
      Instant now) {
    rows.insertResult(failedAttempt);
    JobStatus reached = StoreSupport.reached(JobStatus.READY, job.unfinishedDeps());
    rows.insertEvent(
        job.workflowId(),
        job.id(),
        StoreSupport.EVENT_JOB_RETRY,
        StoreSupport.describeRetryAttempt(
            job.name(), failedAttempt, reached, job.attemptId() + 1, reason),
        now);
    // running -> ready or blocked: neither is terminal, so dependents stay as they are.
    transition(job, reached, now);
    rows.nextAttempt(job.id(), commandOverride);
    if (notBefore != null) {
      rows.setNotBefore(job.id(), notBefore);
    }
  }

  /** As {@link dev.torc.store.WorkflowStore#retryJob}. */
  void retryJob(long jobId, ResourceRequirements requirements, String reason, Instant now) {
    JobRow job = rows.job(jobId);
    StoreSupport.checkRetryable(job.status());
    if (requirements != null) {
      rows.setRequirements(jobId, requirements);
    }
    JobStatus reached = StoreSupport.reached(JobStatus.READY, job.unfinishedDeps());
    rows.insertEvent(
        job.workflowId(),
        jobId,
        StoreSupport.EVENT_JOB_RETRY,
        StoreSupport.describeRetryJob(
            job.name(), job.status(), reached, job.attemptId() + 1, requirements, reason),
        now);
    transition(job, reached, now);
    rows.nextAttempt(jobId, null);
  }

  /** As {@link dev.torc.store.WorkflowStore#updateJobRequirements}. */
  void updateRequirements(long jobId, ResourceRequirements requirements, Instant now) {
    JobRow job = rows.job(jobId);
    rows.setRequirements(jobId, requirements);
    rows.insertEvent(
        job.workflowId(),
        jobId,
        StoreSupport.EVENT_JOB_REQUIREMENTS,
        "job '" + job.name() + "' now has " + StoreSupport.describeRequirements(requirements),
        now);
  }

  // ---- Editing the graph

  /**
   * Initializes a job the store just added, blocked, with its edges: it waits for those of its
   * dependencies that have not ended, and is ready when there are none.
   */
  void initializeAdded(long workflowId, long jobId, Instant now) {
    JobRow job = rows.job(jobId);
    rows.recountUnfinished(workflowId);
    rows.readyIfNotWaiting(List.of(jobId));
    rows.insertEvent(
        workflowId,
        jobId,
        StoreSupport.EVENT_JOB_CREATED,
        "created job '" + job.name() + "' (" + rows.job(jobId).status().label() + ")",
        now);
  }

  /** As {@link dev.torc.store.WorkflowCatalog#updateJob}. */
  void updateJob(
      long jobId,
      String command,
      ResourceRequirements requirements,
      Integer priority,
      Instant now) {
    JobRow job = rows.job(jobId);
    if (job.status() == JobStatus.PENDING || job.status() == JobStatus.RUNNING) {
      throw new StoreException(
          "job '"
              + job.name()
              + "' (id "
              + jobId
              + ") is "
              + job.status().label()
              + ": change it once it has ended");
    }
    List<String> changes = new ArrayList<>();
    if (command != null) {
      rows.setCommand(jobId, command);
      changes.add("command");
    }
    if (requirements != null) {
      rows.setRequirements(jobId, requirements);
      changes.add(StoreSupport.describeRequirements(requirements));
    }
    if (priority != null) {
      rows.setPriority(jobId, priority);
      changes.add("priority " + priority);
    }
    rows.insertEvent(
        job.workflowId(),
        jobId,
        StoreSupport.EVENT_JOB_UPDATED,
        "updated job '" + job.name() + "': " + String.join(", ", changes),
        now);
  }

  /** As {@link dev.torc.store.WorkflowCatalog#deleteJob}. */
  void deleteJob(long jobId, Instant now) {
    JobRow job = rows.job(jobId);
    if (job.status() == JobStatus.PENDING || job.status() == JobStatus.RUNNING) {
      throw new StoreException(
          "job '" + job.name() + "' (id " + jobId + ") is " + job.status().label());
    }
    List<Long> dependents =
        rows.shape(job.workflowId()).dependents().getOrDefault(jobId, List.of());
    if (!dependents.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (long id : new TreeSet<>(dependents)) {
        names.add("'" + rows.job(id).name() + "' (id " + id + ")");
      }
      throw new StoreException(
          "job '"
              + job.name()
              + "' (id "
              + jobId
              + ") cannot be deleted: "
              + String.join(", ", names)
              + " depend on it; delete or change them first");
    }
    rows.deleteJob(jobId);
    rows.insertEvent(
        job.workflowId(),
        null,
        StoreSupport.EVENT_JOB_DELETED,
        "deleted job '" + job.name() + "' (id " + jobId + ")",
        now);
  }

  // ---- Whole-workflow changes

  /** As {@link dev.torc.store.WorkflowStore#resetJobs(long, boolean)}. */
  int reset(long workflowId, boolean failedOnly, Instant now) {
    int runId = rows.runId(workflowId);
    int active = rows.countActive(workflowId);
    if (!failedOnly && active > 0) {
      throw StoreSupport.activeJobsRefuse("reset", workflowId, active);
    }
    Shape shape = rows.shape(workflowId);
    List<Long> reset = StoreSupport.jobsToReset(shape.status(), shape::downstreamOf, failedOnly);
    rows.advanceAttemptsThatRan(runId, reset);
    reinitializeJobs(workflowId, reset);
    rows.insertEvent(
        workflowId,
        null,
        StoreSupport.EVENT_WORKFLOW_RESET,
        "reset " + reset.size() + (failedOnly ? " unsuccessful or downstream" : "") + " jobs",
        now);
    return reset.size();
  }

  /** As {@link dev.torc.store.WorkflowStore#resetJobs(long, Set, Map, String)}. */
  int resetChosen(
      long workflowId,
      Set<Long> jobIds,
      Map<Long, ResourceRequirements> requirements,
      String reason,
      Instant now) {
    int runId = rows.runId(workflowId);
    Shape shape = rows.shape(workflowId);
    List<Long> reset =
        StoreSupport.chosenJobsToReset(
            workflowId, shape.status(), shape::downstreamOf, jobIds, requirements);
    for (Map.Entry<Long, ResourceRequirements> e : new TreeMap<>(requirements).entrySet()) {
      updateRequirements(e.getKey(), e.getValue(), now);
    }
    rows.advanceAttemptsThatRan(runId, reset);
    reinitializeJobs(workflowId, reset);
    rows.insertEvent(
        workflowId,
        null,
        StoreSupport.EVENT_WORKFLOW_RESET,
        "reset " + reset.size() + " chosen or downstream jobs: " + reason,
        now);
    return reset.size();
  }

  /** As {@link dev.torc.store.WorkflowStore#reinitialize}. */
  Set<Long> reinitialize(long workflowId, Set<Long> jobIds, Instant now) {
    int runId = rows.runId(workflowId);
    int active = rows.countActive(workflowId);
    if (active > 0) {
      throw StoreSupport.activeJobsRefuse("reinitialize", workflowId, active);
    }
    Shape shape = rows.shape(workflowId);
    for (long id : jobIds) {
      if (!shape.status().containsKey(id)) {
        throw new StoreException("workflow " + workflowId + " has no job with id " + id);
      }
    }
    List<Long> affected = StoreSupport.withoutDisabled(shape.downstreamOf(jobIds), shape.status());
    rows.startRun(workflowId, runId + 1, affected);
    reinitializeJobs(workflowId, affected);
    rows.insertEvent(
        workflowId,
        null,
        StoreSupport.EVENT_WORKFLOW_REINITIALIZED,
        "run " + (runId + 1) + ": " + affected.size() + " jobs will run again",
        now);
    return Collections.unmodifiableSet(new TreeSet<>(affected));
  }

  /**
   * Initializes these jobs again (ready, or blocked while a job they wait for is unfinished),
   * recounts every job's unfinished dependencies, and clears the workflow's canceled flag.
   */
  private void reinitializeJobs(long workflowId, List<Long> jobIds) {
    rows.blockForRerun(jobIds);
    rows.recountUnfinished(workflowId);
    rows.readyIfNotWaiting(jobIds);
    rows.setCanceled(workflowId, false);
  }

  /**
   * As {@link dev.torc.store.WorkflowStore#cancelWorkflow}.
   *
   * @return how many jobs were canceled
   */
  int cancel(long workflowId, Instant now) {
    rows.runId(workflowId);
    List<JobRow> open = rows.openJobs(workflowId);
    open.forEach(job -> job.status().checkTransition(JobStatus.CANCELED));
    rows.insertEvent(
        workflowId,
        null,
        StoreSupport.EVENT_WORKFLOW_CANCELED,
        "canceled the workflow and " + open.size() + " jobs that had not ended",
        now);
    for (JobRow job : open) {
      rows.insertEvent(
          workflowId,
          job.id(),
          jobEventKind(JobStatus.CANCELED),
          StoreSupport.describeMove(
                  job.name(), job.status(), JobStatus.CANCELED, JobStatus.CANCELED)
              + " (workflow canceled)",
          now);
      rows.setStatus(job.id(), JobStatus.CANCELED);
    }
    // Every job has ended now, so no job waits for an unfinished one.
    rows.clearUnfinished(workflowId);
    rows.setCanceled(workflowId, true);
    return open.size();
  }

  /**
   * Moves a job to a status already checked, then settles its dependents: reaching a terminal
   * status may unblock or cancel them (cascading), leaving one blocks those that were ready.
   */
  private void transition(JobRow job, JobStatus to, Instant now) {
    rows.setStatus(job.id(), to);
    if (!job.status().isTerminal() && to.isTerminal()) {
      settleDependents(job, to, now);
    } else if (job.status().isTerminal() && !to.isTerminal()) {
      rows.addToUnfinishedOfDependents(job.id(), 1);
      rows.blockReadyDependents(job.id());
    }
  }

  private record Finished(long id, String name, JobStatus status) {}

  /** Iterative, so that a cancellation can run down a chain of any length. */
  private void settleDependents(JobRow job, JobStatus status, Instant now) {
    ArrayDeque<Finished> queue = new ArrayDeque<>();
    queue.add(new Finished(job.id(), job.name(), status));
    while (!queue.isEmpty()) {
      Finished finished = queue.poll();
      for (Dependent dependent : rows.finishForDependents(finished.id())) {
        if (finished.status().isUnsuccessfulEnd() && dependent.cancelOnFailure()) {
          rows.setStatus(dependent.id(), JobStatus.CANCELED);
          rows.insertEvent(
              job.workflowId(),
              dependent.id(),
              jobEventKind(JobStatus.CANCELED),
              StoreSupport.describeCascade(dependent.name(), finished.name(), finished.status()),
              now);
          queue.add(new Finished(dependent.id(), dependent.name(), JobStatus.CANCELED));
        } else if (dependent.unfinishedDeps() == 0) {
          rows.setStatus(dependent.id(), JobStatus.READY);
        }
      }
    }
  }

  /** A workflow's jobs' statuses and who depends on whom, for walking downstream. */
  record Shape(Map<Long, JobStatus> status, Map<Long, List<Long>> dependents) {
    /** The seeds and every job downstream of them, in id order. */
    Set<Long> downstreamOf(Collection<Long> seeds) {
      return JobGraph.downstreamOf(seeds, id -> dependents.getOrDefault(id, List.of()));
    }
  }

  /** The seeds and every job downstream of them, in id order. */
  static Set<Long> downstreamOf(Collection<Long> seeds, Function<Long, List<Long>> dependents) {
    Set<Long> reached = new TreeSet<>(seeds);
    ArrayDeque<Long> queue = new ArrayDeque<>(seeds);
    while (!queue.isEmpty()) {
      for (long dependent : dependents.apply(queue.poll())) {
        if (reached.add(dependent)) {
          queue.add(dependent);
        }
      }
    }
    return reached;
  }
}
