package dev.torc.run.internal;

import dev.torc.exec.JobContainment;
import dev.torc.executor.Executor;
import dev.torc.model.JobStatus;
import dev.torc.store.ActiveJob;
import dev.torc.store.AttemptRef;
import dev.torc.store.JobResult;
import dev.torc.store.RunnerInfo;
import dev.torc.store.RunnerRecord;
import dev.torc.store.WorkflowStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles what dead runners of a workflow left behind: jobs they claimed go back to ready, jobs
 * they were running have what is left of their attempt stopped by its executor ({@link
 * Executor#stopOrphan}) and their attempt recorded as lost, and then run again as a new attempt.
 * Processes on this host that carry a dead runner's mark (its local attempts and its recovery
 * scripts, which always run beside the runner) are killed first, whichever executor it used.
 */
public final class Orphans {
  /** The return code recorded for an attempt whose runner died under it. */
  public static final int LOST_RETURN_CODE = JobResult.LOST_RETURN_CODE;

  private static final Logger LOG = LoggerFactory.getLogger(Orphans.class);

  /** A runner on another host counts as dead when it has been silent this long. */
  private static final Duration SILENCE_LIMIT = Duration.ofMinutes(5);

  private Orphans() {}

  /**
   * Settles the jobs of runners other than {@code self} that are no longer alive. Every process on
   * this host that a dead runner started is killed first, found by its mark, also one whose start
   * that runner had not yet recorded: a claim is released only when no process of it was found and
   * no attempt was recorded with it, and any other is recorded lost instead, so it never runs twice
   * at once. Several runners may settle at once; each job is settled by one of them.
   *
   * @param executor the settling runner's executor, which stops the orphans of attempts it
   *     recorded; {@code null} when no runner settles (only local attempts are then stopped)
   * @return how many jobs were settled
   */
  public static int settle(
      WorkflowStore store, long workflowId, long self, String host, Executor executor) {
    // Jobs before runners: a runner that holds a listed job registered before it claimed it, so it
    // is in the list read after; read the other way round, a runner that registered in between
    // would look dead.
    List<ActiveJob> active = store.listActiveJobs(workflowId);
    Map<Long, RunnerRecord> runners =
        store.listActiveRunners(workflowId).stream()
            .collect(Collectors.toMap(RunnerRecord::id, Function.identity()));
    List<RunnerRecord> dead =
        runners.values().stream().filter(r -> r.id() != self && !isAlive(r, host)).toList();
    Set<AttemptMark> started = stopProcessesOf(dead, host);
    int runId = store.getWorkflow(workflowId).runId();
    int settled = 0;
    for (ActiveJob job : active) {
      RunnerRecord runner = runners.get(job.runnerId());
      if (job.runnerId() == self || (runner != null && isAlive(runner, host))) {
        continue;
      }
      String who = "runner " + job.runnerId() + describe(runner);
      boolean wasStarted =
          started.stream()
              .anyMatch(
                  m ->
                      m.jobId() == job.jobId()
                          && m.runId() == runId
                          && m.attemptId() == job.attemptId());
      boolean done;
      // A claim recorded with its attempt's reference may have been launched (the runner records
      // the start in its next pass): it is recorded lost, as a started attempt, unless nothing of
      // it can have run.
      if (job.status() == JobStatus.PENDING && !wasStarted && job.attempt() == null) {
        done = store.releaseClaim(job.jobId(), job.runnerId(), "released the claim of dead " + who);
      } else {
        done = recordLost(store, workflowId, runId, job, who, host, executor, wasStarted);
      }
      if (done) {
        settled++;
      }
    }
    for (RunnerRecord runner : dead) {
      store.unregisterRunner(runner.id());
    }
    if (settled > 0) {
      LOG.info("settled {} jobs left by dead runners of workflow {}", settled, workflowId);
    }
    return settled;
  }

  /**
   * Kills every process on this host that carries the mark of an attempt one of these runners
   * started (runners on other hosts are never signalled).
   *
   * @return the attempts whose processes were found
   */
  private static Set<AttemptMark> stopProcessesOf(List<RunnerRecord> dead, String host) {
    List<RunnerRecord> here = dead.stream().filter(r -> host.equals(r.process().host())).toList();
    if (here.isEmpty()) {
      return Set.of();
    }
    Set<String> killed =
        JobContainment.detect()
            .killAll(
                text -> {
                  AttemptMark mark = AttemptMark.parse(text);
                  return mark != null && here.stream().anyMatch(mark::startedBy);
                });
    if (!killed.isEmpty()) {
      LOG.info("killed the processes of {} attempts of dead runners: {}", killed.size(), killed);
    }
    return killed.stream().map(AttemptMark::parse).collect(Collectors.toSet());
  }

  /**
   * Records the attempt of a dead runner as lost and makes the job ready again, after its executor
   * stopped what is left of it; false when another runner settled the attempt first.
   */
  private static boolean recordLost(
      WorkflowStore store,
      long workflowId,
      int runId,
      ActiveJob job,
      String who,
      String host,
      Executor executor,
      boolean processesKilled) {
    // Processes found by the sweep ran here, so the attempt was a local one: nothing else to stop.
    boolean stopped = processesKilled || stopOrphan(job.attempt(), host, executor);
    boolean recorded =
        store.recordLostAttempt(
            JobResult.lost(job, workflowId, runId, Instant.now()),
            job.runnerId(),
            "attempt "
                + job.attemptId()
                + " lost: "
                + who
                + " died"
                + (job.status() != JobStatus.PENDING
                    ? ""
                    : processesKilled ? " after starting it" : " after claiming it")
                + (stopped ? "; its orphaned processes were killed" : ""));
    if (!recorded) {
      LOG.debug("job {} was settled by another runner", job.jobId());
    }
    return recorded;
  }

  private static String describe(RunnerRecord runner) {
    return runner == null
        ? ""
        : " (pid " + runner.process().pid() + " on " + runner.process().host() + ")";
  }

  /** Whether a runner still runs: by its process on this host, by its heartbeat elsewhere. */
  static boolean isAlive(RunnerRecord runner, String host) {
    if (!runner.process().host().equals(host)) {
      return Duration.between(runner.heartbeatAt(), Instant.now()).compareTo(SILENCE_LIMIT) < 0;
    }
    return isRunning(runner.process());
  }

  /** Whether this process is still the one recorded, not a later one with its pid. */
  static boolean isRunning(RunnerInfo process) {
    if (process == null || process.pid() <= 0) {
      return false;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    if (process.processStart() == null) {
      return true;
    }
    return handle
        .get()
        .info()
        .startInstant()
        .map(
            start ->
                Duration.between(start, process.processStart())
                        .abs()
                        .compareTo(Duration.ofSeconds(2))
                    < 0)
        .orElse(true);
  }

  /**
   * Asks the executor that recorded the attempt to stop what is left of it: the settling runner's
   * own, or the local one, which needs no open executor; false when there was nothing to stop or no
   * executor here knows the attempt's.
   */
  private static boolean stopOrphan(AttemptRef attempt, String host, Executor executor) {
    if (attempt == null) {
      return false;
    }
    try {
      if (executor != null && executor.id().equals(attempt.executor())) {
        return executor.stopOrphan(attempt);
      }
      if (LocalExecutor.ID.equals(attempt.executor())) {
        return LocalExecutor.stopOrphanHere(attempt, host);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot stop the orphaned attempt {}: {}", attempt.describe(), e.getMessage());
      return false;
    }
    LOG.warn(
        "cannot stop the orphaned attempt {}: this runner's executor is not '{}'",
        attempt.describe(),
        attempt.executor());
    return false;
  }
}
