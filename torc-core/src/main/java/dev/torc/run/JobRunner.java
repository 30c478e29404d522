package dev.torc.run;

import dev.torc.diagnosis.JobLogs;
import dev.torc.exec.UsageSummary;
import dev.torc.executor.AttemptEnd;
import dev.torc.executor.AttemptHandle;
import dev.torc.executor.AttemptSpec;
import dev.torc.executor.AttemptStartException;
import dev.torc.executor.Executor;
import dev.torc.executor.ExecutorContext;
import dev.torc.executor.ExecutorProvider;
import dev.torc.executor.Executors;
import dev.torc.model.FileSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.run.internal.FailureCauses;
import dev.torc.run.internal.FailureSettlement;
import dev.torc.run.internal.JobEnvironment;
import dev.torc.run.internal.LaunchHolds;
import dev.torc.run.internal.LaunchPause;
import dev.torc.run.internal.ListenerFanOut;
import dev.torc.run.internal.MachineFit;
import dev.torc.run.internal.Orphans;
import dev.torc.run.internal.OutputDirectory;
import dev.torc.run.internal.PassTiming;
import dev.torc.run.internal.RequiredInputs;
import dev.torc.run.internal.RunChecks;
import dev.torc.run.internal.StderrNotes;
import dev.torc.run.internal.TimeSeriesFiles;
import dev.torc.store.AttemptRef;
import dev.torc.store.AttemptStart;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.RunnerInfo;
import dev.torc.store.RunnerPass;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stored workflow to its end: claims ready jobs that fit the resources of its {@link
 * Executor} (the {@code local} one unless {@link RunOptions#executor()} names another), runs them
 * there as they fit what is free, records each attempt's result, and hands failures to the {@link
 * FailurePolicy}. Before it launches a claimed job it asks the policy's {@link LaunchGate}, which
 * may hold the job. Several runners may work on one workflow at once; none runs a job another
 * claimed. A runner first settles what dead runners left behind, so a run killed at any moment can
 * be resumed by starting a new runner. Not thread-safe: call {@link #run()} once.
 *
 * <p>Every claim records the attempt the job is to run as before anything of it exists, so whoever
 * settles a dead runner stops what is left of it by that reference and records it lost: no attempt
 * runs twice. Each store transaction records the starts and completions taken in since the last and
 * claims the next jobs. While the jobs are short and no launch gate admits each job, a runner
 * claims up to two batches of its resources ahead, launches a claimed job as soon as one ends, and
 * writes starts and completions a little later, several together ({@link PassTiming}): its
 * transactions then leave the path from one job's end to the next one's start. A job shows pending
 * until its start is written.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

  /** While jobs are short, claims take up to this many times the runner's resources ahead. */
  private static final int AHEAD_BATCHES = 2;

  /** Names no attempt: for passes that claim nothing. */
  private static final WorkflowStore.AttemptNamer NO_CLAIMS =
      (job, run) -> {
        throw new IllegalStateException("a pass that claims nothing named an attempt");
      };

  /** No runner has this id: settling on behalf of no runner settles every dead one. */
  private static final long NO_RUNNER = -1;

  /**
   * For crash tests only: how long the runner waits after an attempt's process started before it
   * takes the start in, to widen the window in which a runner killed has processes it knows nothing
   * of yet. Unset (0) everywhere else.
   */
  private static final long TEST_PAUSE_AFTER_SPAWN_MILLIS =
      Long.getLong("torc.test.pauseAfterSpawnMillis", 0);

  private final WorkflowStore store;
  private final long workflowId;
  private final RunOptions options;
  private final String host = hostName();
  private final Map<Long, Running> running = new java.util.concurrent.ConcurrentHashMap<>();

  private final BlockingQueue<Event> finished = new LinkedBlockingQueue<>();

  /**
   * Completions the loop has taken in but not yet written: they go to the store together, in one
   * transaction, once per loop pass after its claim, and before a failure is settled or work handed
   * back runs.
   */
  private final List<Completion> unwrittenCompletions = new ArrayList<>();

  private record Completion(JobRecord job, JobResult result) {}

  /** Jobs that started after completions not yet written, to be told started after those. */
  private final List<JobRecord> untoldStarts = new ArrayList<>();

  /**
   * Starts of attempts of jobs this runner claimed, in the order they started, to be recorded with
   * its next pass: a claimed job is pending in the store until then.
   */
  private final List<AttemptStart> unwrittenStarts = new ArrayList<>();

  private final PassTiming timing = new PassTiming();

  /** A job claimed and not launched yet, with the attempt recorded with its claim. */
  private record Queued(AttemptSpec spec, AttemptRef ref) {}

  /** Jobs claimed and not launched yet, in the order they were claimed. */
  private final ArrayDeque<Queued> queued = new ArrayDeque<>();

  /**
   * A claimed job handed to the executor to start as the attempt of job {@code after} ends ({@link
   * Executor#submitAfter}), in the share of resources that attempt holds, and not started yet.
   */
  private record Following(Queued claim, long after, AttemptHandle handle) {}

  /** The jobs waiting to follow an attempt, by job id; they are in {@link #running} too. */
  private final Map<Long, Following> following = new LinkedHashMap<>();

  /** By the job of an attempt, the job that follows it, whose share its end passes on. */
  private final Map<Long, JobRecord> followedBy = new HashMap<>();

  /** Starts of jobs that followed an attempt whose end was not taken in yet, by that job. */
  private final Map<Long, Started> startsAfterEnds = new HashMap<>();

  private final Map<String, String> filePaths = new HashMap<>();
  private ResourceBudget free;
  private ResourceBudget capacity;

  /** The run the claimed jobs belong to; read again whenever this runner had nothing running. */
  private int runId;

  /**
   * A job this runner submitted, from its submit to its recorded end; {@code claimedAs} is the
   * attempt recorded with its claim, whose start the runner records, or {@code null} when the
   * attempt was recorded running before its submit.
   */
  private record Running(
      JobRecord job, int runId, AttemptHandle handle, Instant startedAt, AttemptRef claimedAs) {}

  /** What the runner waits for: an attempt's start or end, or work handed back to its thread. */
  private sealed interface Event permits Started, Finished, Posted {}

  /** An attempt started, or could not start ({@code error}). */
  private record Started(Running running, Throwable error) implements Event {}

  private record Finished(Running running, AttemptEnd end) implements Event {}

  private record Posted(Runnable work) implements Event {}

  private FailureSettlement failures;
  private ActionTriggers actions;
  private Instant startedAt;
  private LaunchHolds holds;
  private LaunchPause pause;
  private volatile Executor executor;
  private volatile long runnerId;

  /**
   * A runner for one workflow; nothing happens before {@link #run()}.
   *
   * @param store the store that holds the workflow
   * @param workflowId the workflow to run
   * @param options how to run it
   */
  public JobRunner(WorkflowStore store, long workflowId, RunOptions options) {
    this.store = store;
    this.workflowId = workflowId;
    this.options = options;
  }

  /**
   * Runs the workflow until no job can make progress.
   *
   * @return how the run ended, with every job's status
   * @throws RunException when a job can never fit on the executor, the workflow was canceled, the
   *     executor is unknown, the output directory cannot take the jobs' logs, a Java task it would
   *     run is not registered, the failure policy would ignore fallback commands or a recovery
   *     policy it declares, or a job still to run reads a file that exists nowhere and no job
   *     writes
   */
  public RunResult run() {
    startedAt = options.clock().instant();
    WorkflowRecord workflow = store.getWorkflow(workflowId);
    if (workflow.canceled()) {
      throw new RunException(
          "workflow " + workflowId + " was canceled; reset it before running it again");
    }
    // One listing for every check before the run: a listing of a large workflow costs as much as
    // running many of its jobs.
    List<JobRecord> jobs = store.listJobs(workflowId, null);
    RunChecks.beforeRun(store, workflowId, jobs, options);
    OutputDirectory.checkWritable(options.outputDir());
    List<FileSpec> files = store.listFiles(workflowId);
    RequiredInputs.check(files, jobs, Path.of("").toAbsolutePath());
    ExecutorProvider provider = Executors.require(options.executor());
    files.forEach(f -> filePaths.put(f.name(), f.path()));
    RunnerInfo self = new RunnerInfo(host, ProcessHandle.current().pid(), processStart());
    runnerId = store.registerRunner(workflowId, self);
    Thread killer = new Thread(this::killAll, "torc-runner-shutdown");
    Runtime.getRuntime().addShutdownHook(killer);
    holds =
        new LaunchHolds(
            store,
            options
                .failurePolicy()
                .launchGate(store, workflowId, ListenerFanOut.of(options.listeners())),
            options.clock());
    pause = new LaunchPause(options.outputDir());
    try (Executor executor =
            provider.open(new ExecutorContext(workflow, runnerId, self, options, store));
        FailureSettlement failures =
            new FailureSettlement(
                store,
                workflowId,
                runnerId,
                self,
                options,
                executor::cannotFit,
                work -> finished.add(new Posted(work)));
        ActionTriggers actions =
            new ActionTriggers(
                store,
                workflowId,
                runnerId,
                new ActionTriggers.Context(options.outputDir(), options.apiUrl()))) {
      this.executor = executor;
      this.actions = actions;
      this.failures = failures;
      free = executor.capacity();
      capacity = free;
      int settled = Orphans.settle(store, workflowId, runnerId, host, executor);
      if (options.deadline() == null) {
        // Settling makes jobs ready again; without it the listing above is as good as a new one.
        List<JobRecord> now = settled == 0 ? jobs : store.listJobs(workflowId, null);
        MachineFit.checkFirstAttempts(now, executor::cannotFit);
        MachineFit.failRetriesThatCannotFit(store, workflowId, now, executor::cannotFit);
      }
      boolean canceled = loop();
      return result(canceled);
    } finally {
      killAll();
      releaseQueued();
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run.
      }
      store.unregisterRunner(runnerId);
    }
  }

  /**
   * Settles what runners of the workflow that died left behind, as every runner does when it
   * starts: their processes on this host are killed (found by the mark in their environment), their
   * claims are released, and the attempts they were running are recorded as lost (return code -1)
   * and become ready to run again as the next attempt. Attempts of executors other than the local
   * one are recorded lost without being stopped: a runner of that executor stops them.
   *
   * @param store the store that holds the workflow
   * @param workflowId the workflow
   * @return how many jobs were settled
   */
  public static int settleDeadRunners(WorkflowStore store, long workflowId) {
    return Orphans.settle(store, workflowId, NO_RUNNER, hostName(), null);
  }

  /** Returns whether the workflow was canceled. */
  private boolean loop() {
    Instant lastHeartbeat = Instant.now();
    Instant lastLook = Instant.now();
    while (true) {
      drainFinished();
      launchQueued();
      ResourceBudget budget = claimBudget();
      int maxJobs = claimRoom(budget);
      // Completions are written before the claim, so that the jobs they made ready are claimed
      // in this pass.
      List<JobRecord> claimed;
      if (holds.hearsCompletions()) {
        // The launch gate must hear of the completions before it admits the next jobs.
        writeCompletions();
        claimed = claimAdmitAndStart(maxJobs, budget);
      } else {
        // One store transaction for the starts, the completions and the claim.
        claimed = pass(maxJobs, budget);
      }
      actions.check(false);
      Instant now = Instant.now();
      if (Duration.between(lastHeartbeat, now).compareTo(HEARTBEAT_INTERVAL) >= 0) {
        store.heartbeat(runnerId);
        lastHeartbeat = now;
      }
      if (Duration.between(lastLook, now).compareTo(options.pollInterval()) >= 0) {
        lastLook = now;
        if (store.getWorkflow(workflowId).canceled()) {
          LOG.info("workflow {} was canceled; stopping its jobs", workflowId);
          killAll();
          return true;
        }
        executor.poll(liveHandles());
        if (!idle(claimed)) {
          // An idle runner settles after each wait below. A busy one would otherwise settle a
          // runner that died meanwhile only once it runs out of work, and the dead runner's jobs
          // would wait, or finish unrecorded and run again.
          Orphans.settle(store, workflowId, runnerId, host, executor);
        }
      }
      if (idle(claimed)) {
        actions.check(true);
        if (options.deadline() != null) {
          if (!othersMayMakeWork()) {
            return false;
          }
        } else {
          MachineFit.failRetriesThatCannotFit(store, workflowId, executor::cannotFit);
          if (!othersHaveWork()) {
            return false;
          }
        }
        waitForNews(untilRetryDue());
        writeCompletions();
        Orphans.settle(store, workflowId, runnerId, host, executor);
      } else if (claimed.isEmpty()) {
        waitForNews(timing.until(options.pollInterval(), System.nanoTime()));
      }
    }
  }

  /**
   * Whether nothing of this runner's is running, claimed in this pass, queued to start, or being
   * settled after a failure.
   */
  private boolean idle(List<JobRecord> claimed) {
    return running.isEmpty() && !failures.busy() && claimed.isEmpty() && queued.isEmpty();
  }

  /** The handles of this runner's attempts whose end it has not taken in. */
  private List<AttemptHandle> liveHandles() {
    return running.values().stream().map(Running::handle).filter(Objects::nonNull).toList();
  }

  /**
   * Whether claims go ahead of what is free: while the jobs are short, and no launch gate must
   * admit each job as it is claimed.
   */
  private boolean claimsAhead() {
    return timing.claimsAhead() && !holds.hearsCompletions();
  }

  /** How many jobs a claim within {@code budget} ({@link #claimBudget}) may take now. */
  private int claimRoom(ResourceBudget budget) {
    if (!pause.allowsLaunches()) {
      return 0;
    }
    int limit = options.maxParallelJobs();
    int room =
        limit == 0
            ? Integer.MAX_VALUE
            : (claimsAhead() ? (AHEAD_BATCHES + 1) * limit : limit)
                - running.size()
                - queued.size();
    return room > 0 && budget.cpus() > 0 ? Math.min(room, 1_000) : 0;
  }

  /**
   * What a claim may take: the free resources (all of them while claims go ahead) less what the
   * jobs claimed and not launched need, and the time left before the deadline.
   */
  private ResourceBudget claimBudget() {
    ResourceBudget budget =
        claimsAhead()
            ? new ResourceBudget(
                AHEAD_BATCHES * capacity.cpus(),
                AHEAD_BATCHES * capacity.memoryBytes(),
                AHEAD_BATCHES * capacity.gpus())
            : free;
    for (Queued next : queued) {
      ResourceRequirements rr = next.spec().job().requirements();
      budget = budget.minus(rr.numCpus(), rr.memory().bytes(), rr.numGpus());
    }
    if (options.deadline() == null) {
      return budget;
    }
    long left = Duration.between(Instant.now(), options.deadline()).toSeconds();
    return budget.withMaxRuntimeSeconds(Math.max(0, left));
  }

  /**
   * For a runner with a deadline, which left ready jobs it cannot run to others: whether other
   * runners have jobs pending or running (their ends may make jobs ready) or a delayed retry is
   * still to fall due, while time is left.
   */
  private boolean othersMayMakeWork() {
    if (!Instant.now().isBefore(options.deadline())) {
      return false;
    }
    Map<JobStatus, Integer> counts = store.countJobsByStatus(workflowId);
    return counts.getOrDefault(JobStatus.PENDING, 0) > 0
        || counts.getOrDefault(JobStatus.RUNNING, 0) > 0
        || store.nextNotBefore(workflowId).isPresent();
  }

  /** Whether jobs are pending or running under other runners, or ready but not claimable yet. */
  private boolean othersHaveWork() {
    Map<JobStatus, Integer> counts = store.countJobsByStatus(workflowId);
    return counts.getOrDefault(JobStatus.PENDING, 0) > 0
        || counts.getOrDefault(JobStatus.RUNNING, 0) > 0
        || counts.getOrDefault(JobStatus.READY, 0) > 0;
  }

  /** The poll interval, or less when a delayed retry falls due sooner. */
  private Duration untilRetryDue() {
    Duration wait = options.pollInterval();
    Instant due = store.nextNotBefore(workflowId).orElse(null);
    if (due != null) {
      Duration left = Duration.between(options.clock().instant(), due);
      if (left.compareTo(wait) < 0) {
        wait = left.isNegative() ? Duration.ZERO : left;
      }
    }
    return wait;
  }

  private void waitForNews(Duration wait) {
    try {
      Event next = finished.poll(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
      if (next != null) {
        handle(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunException("interrupted while running workflow " + workflowId);
    }
  }

  private void drainFinished() {
    Event next;
    while ((next = finished.poll()) != null) {
      handle(next);
    }
  }

  /**
   * Writes the starts and completions taken in so far, and only then tells the launch gate and the
   * listeners: nothing is reported before the store has it.
   *
   * @return whether it wrote any
   */
  private boolean writeCompletions() {
    if (unwrittenCompletions.isEmpty() && unwrittenStarts.isEmpty()) {
      return false;
    }
    write(free, 0, NO_CLAIMS);
    return true;
  }

  /**
   * Writes the starts and completions taken in so far with a claim ({@link
   * WorkflowStore#runnerPass}), forgets them, and then tells the launch gate and the listeners of
   * the completions.
   */
  private RunnerPass write(
      ResourceBudget budget, int maxJobs, WorkflowStore.AttemptNamer attempts) {
    RunnerPass pass =
        store.runnerPass(
            workflowId,
            runnerId,
            List.copyOf(unwrittenStarts),
            unwrittenCompletions.stream().map(Completion::result).toList(),
            budget,
            maxJobs,
            attempts);
    unwrittenStarts.clear();
    timing.written();
    tellCompletions();
    return pass;
  }

  /** Whether the jobs claimed and not launched need fewer CPUs than this runner has. */
  private boolean claimsRunLow() {
    int cpus = 0;
    for (Queued next : queued) {
      cpus += next.spec().job().requirements().numCpus();
    }
    return cpus < capacity.cpus();
  }

  /** Takes in the start of an attempt whose claim recorded it, for the next pass to record. */
  private void takeStart(Running run) {
    if (run.claimedAs() == null) {
      return;
    }
    timing.startTakenIn(System.nanoTime());
    unwrittenStarts.add(new AttemptStart(run.job().id(), run.claimedAs(), run.startedAt()));
  }

  /**
   * Tells the listeners of a start, after the completions taken in before it: a job that followed
   * another is never told started before the one it followed is told finished.
   */
  private void tellStarted(JobRecord job) {
    if (unwrittenCompletions.isEmpty()) {
      options.listeners().forEach(listener -> listener.jobStarted(job));
    } else {
      untoldStarts.add(job);
    }
  }

  /**
   * Tells the launch gate and the listeners of the completions written, and then of the starts
   * taken in after them, and forgets both.
   */
  private void tellCompletions() {
    for (Completion done : unwrittenCompletions) {
      holds.completed(done.job(), done.result());
      options.listeners().forEach(listener -> listener.jobFinished(done.job(), done.result()));
    }
    unwrittenCompletions.clear();
    for (JobRecord job : untoldStarts) {
      options.listeners().forEach(listener -> listener.jobStarted(job));
    }
    untoldStarts.clear();
  }

  private void handle(Event event) {
    if (event instanceof Started started) {
      started(started);
    } else if (event instanceof Finished done) {
      record(done);
    } else if (event instanceof Posted posted) {
      writeCompletions();
      posted.work().run();
    }
  }

  /**
   * Claims jobs, holds those the launch gate does not admit, and starts the others ({@link
   * #start}).
   */
  private List<JobRecord> claimAdmitAndStart(int maxJobs, ResourceBudget budget) {
    if (maxJobs <= 0) {
      return List.of();
    }
    boolean idle = running.isEmpty() && !failures.busy();
    List<JobRecord> claimed = store.claimReadyJobs(workflowId, budget, maxJobs, runnerId);
    if (idle && !claimed.isEmpty()) {
      // A new run starts only while no job is pending or running, so the run id cannot have
      // changed since the last claim as long as some job of this runner stayed in flight.
      runId = store.getWorkflow(workflowId).runId();
    }
    List<JobRecord> admitted = new ArrayList<>(claimed.size());
    for (JobRecord job : claimed) {
      if (holds.admit(job)) {
        admitted.add(job);
      }
    }
    start(admitted, runId);
    return claimed;
  }

  /**
   * Records the starts and completions taken in so far and claims jobs, all in one store
   * transaction ({@link WorkflowStore#runnerPass}); then tells the listeners of the completions and
   * launches the claimed jobs that fit ({@link #launchQueued}). Nothing is written while there is
   * nothing to claim, no completion, and no start due.
   */
  private List<JobRecord> pass(int maxJobs, ResourceBudget budget) {
    boolean runLow = claimsRunLow();
    boolean claim = maxJobs > 0 && (!claimsAhead() || runLow);
    if (!claim
        && !timing.due(unwrittenCompletions.size(), capacity.cpus(), runLow, System.nanoTime())) {
      return List.of();
    }
    // Keyed by job: a transaction that runs again may name other jobs' attempts.
    Map<Long, Queued> named = new HashMap<>();
    RunnerPass pass =
        write(
            budget,
            claim ? maxJobs : 0,
            (job, run) -> {
              AttemptSpec spec = attemptSpec(job, run);
              AttemptRef ref = executor.reference(spec);
              named.put(job.id(), new Queued(spec, ref));
              return ref;
            });
    if (!pass.claimed().isEmpty()) {
      runId = pass.runId();
    }
    for (JobRecord job : pass.claimed()) {
      queued.add(named.get(job.id()));
    }
    launchQueued();
    return pass.claimed();
  }

  /**
   * Launches the claimed jobs that fit what is free, in the order they were claimed, passing over
   * those that do not fit yet; none while launches are paused. A runner with a deadline gives back
   * the claims of jobs that could no longer end before it.
   */
  private void launchQueued() {
    if (queued.isEmpty() || !pause.allowsLaunches()) {
      return;
    }
    long secondsLeft =
        options.deadline() == null
            ? Long.MAX_VALUE
            : Duration.between(Instant.now(), options.deadline()).toSeconds();
    List<Queued> launch = new ArrayList<>();
    List<Queued> tooLate = new ArrayList<>();
    for (Iterator<Queued> it = queued.iterator(); it.hasNext(); ) {
      Queued next = it.next();
      ResourceRequirements rr = next.spec().job().requirements();
      if (rr.runtime().toSeconds() > secondsLeft) {
        it.remove();
        tooLate.add(next);
        continue;
      }
      boolean roomLeft =
          options.maxParallelJobs() == 0
              || running.size() + launch.size() < options.maxParallelJobs();
      if (roomLeft && fits(free, next.spec().job())) {
        it.remove();
        reserve(next.spec().job());
        launch.add(next);
      }
    }
    release(tooLate, "cannot end it before its deadline");
    for (Queued next : launch) {
      submit(next.spec(), next.ref());
    }
    launchFollowersThatFit();
    if (claimsAhead() && options.maxParallelJobs() == 0 && options.deadline() == null) {
      follow();
    }
  }

  /**
   * Hands claimed jobs that do not fit what is free to the executor, each to start as a running
   * attempt whose share covers it ends ({@link Executor#submitAfter}): while jobs are short, the
   * next one then starts without waiting for this loop. One per attempt; none after one that is
   * itself waiting to start, or that has run longer than jobs are short.
   */
  private void follow() {
    Instant longSince = Instant.now().minus(PassTiming.CLAIM_AHEAD_BELOW);
    for (Running before : running.values()) {
      if (queued.isEmpty()) {
        return;
      }
      long id = before.job().id();
      if (before.handle() == null
          || following.containsKey(id)
          || followedBy.containsKey(id)
          || before.startedAt().isBefore(longSince)) {
        continue;
      }
      Queued claim = firstQueuedWithin(shareOf(before.job()));
      if (claim == null) {
        continue;
      }
      AttemptHandle handle = executor.submitAfter(before.handle(), claim.spec()).orElse(null);
      if (handle == null) {
        continue;
      }
      queued.remove(claim);
      JobRecord job = claim.spec().job();
      following.put(job.id(), new Following(claim, id, handle));
      followedBy.put(id, job);
      Running run = new Running(job, claim.spec().runId(), handle, Instant.now(), claim.ref());
      running.put(job.id(), run);
      handle.started().whenComplete((ok, error) -> finished.add(new Started(run, error)));
    }
  }

  /** The first claimed job that needs no more than {@code share}, or null. */
  private Queued firstQueuedWithin(ResourceBudget share) {
    for (Queued next : queued) {
      if (fits(share, next.spec().job())) {
        return next;
      }
    }
    return null;
  }

  /** The resources a job holds while it runs. */
  private static ResourceBudget shareOf(JobRecord job) {
    ResourceRequirements rr = job.requirements();
    return new ResourceBudget(rr.numCpus(), rr.memory().bytes(), rr.numGpus());
  }

  /** Whether the job's requirements fit in {@code room}. */
  private static boolean fits(ResourceBudget room, JobRecord job) {
    ResourceRequirements rr = job.requirements();
    return room.fits(rr.numCpus(), rr.memory().bytes(), rr.numGpus());
  }

  /**
   * Takes back from the executor the jobs waiting to follow an attempt that fit what is free, and
   * launches them now, and those following an attempt that has run longer than jobs are short
   * ({@link PassTiming#CLAIM_AHEAD_BELOW}), which go back to the front of the queue: no job waits
   * behind an attempt that turned out long.
   */
  private void launchFollowersThatFit() {
    Instant longSince = Instant.now().minus(PassTiming.CLAIM_AHEAD_BELOW);
    for (Iterator<Following> it = following.values().iterator(); it.hasNext(); ) {
      Following waiting = it.next();
      Queued claim = waiting.claim();
      boolean fitsNow = fits(free, claim.spec().job());
      Running before = running.get(waiting.after());
      boolean behindLong = before != null && before.startedAt().isBefore(longSince);
      if (!(fitsNow || behindLong) || !executor.withdraw(waiting.handle())) {
        continue;
      }
      it.remove();
      followedBy.remove(waiting.after());
      running.remove(claim.spec().job().id());
      if (fitsNow) {
        reserve(claim.spec().job());
        submit(claim.spec(), claim.ref());
      } else {
        queued.addFirst(claim);
      }
    }
  }

  /** Gives back the claims of jobs never launched, as the runner stops. */
  private void releaseQueued() {
    for (Following waiting : following.values()) {
      if (executor.withdraw(waiting.handle())) {
        queued.add(waiting.claim());
      }
    }
    following.clear();
    release(queued, "stopped before launching it");
    queued.clear();
  }

  /** Gives back the claims of these jobs, none of which was launched. */
  private void release(Collection<Queued> claims, String why) {
    for (Queued claim : claims) {
      long jobId = claim.spec().job().id();
      try {
        store.releaseClaim(jobId, runnerId, "runner " + runnerId + " " + why);
      } catch (RuntimeException e) {
        LOG.warn("cannot release the claim of job {}: {}", jobId, e.getMessage());
      }
    }
  }

  /**
   * Reserves the jobs' resources, records their attempts as running under the executor's references
   * for them, all in one store transaction, and only then submits them; the executor reports each
   * start back through {@link Started}.
   *
   * <p>The path for launch gates: an attempt is running in the store before anything of it exists,
   * so a runner killed at any moment leaves no started attempt recorded as merely claimed: whoever
   * settles this runner records every running attempt as lost, after its executor stopped what is
   * left of it by the recorded reference ({@link Executor#stopOrphan}).
   */
  private void start(List<JobRecord> jobs, int runId) {
    if (jobs.isEmpty()) {
      return;
    }
    List<AttemptSpec> specs = new ArrayList<>(jobs.size());
    Map<Long, AttemptRef> attempts = new LinkedHashMap<>();
    for (JobRecord job : jobs) {
      reserve(job);
      AttemptSpec spec = attemptSpec(job, runId);
      specs.add(spec);
      attempts.put(job.id(), executor.reference(spec));
    }
    store.markJobsRunning(runnerId, attempts);
    for (AttemptSpec spec : specs) {
      submit(spec, null);
    }
  }

  /** Takes the job's requirements from what this runner has free. */
  private void reserve(JobRecord job) {
    ResourceRequirements rr = job.requirements();
    free = free.minus(rr.numCpus(), rr.memory().bytes(), rr.numGpus());
  }

  private AttemptSpec attemptSpec(JobRecord job, int runId) {
    return new AttemptSpec(
        job,
        runId,
        JobEnvironment.of(job, options.outputDir(), options.apiUrl()),
        JobLogs.stdoutPath(options.outputDir(), workflowId, job.id(), runId, job.attemptId()),
        JobLogs.stderrPath(options.outputDir(), workflowId, job.id(), runId, job.attemptId()));
  }

  private void submit(AttemptSpec spec, AttemptRef claimedAs) {
    JobRecord job = spec.job();
    AttemptHandle handle;
    try {
      handle = executor.submit(spec);
    } catch (RuntimeException e) {
      Running run = new Running(job, spec.runId(), null, Instant.now(), claimedAs);
      running.put(job.id(), run);
      finished.add(new Started(run, e));
      return;
    }
    Running run = new Running(job, spec.runId(), handle, Instant.now(), claimedAs);
    running.put(job.id(), run);
    handle.started().whenComplete((ok, error) -> finished.add(new Started(run, error)));
  }

  private void started(Started started) {
    Running submitted = started.running();
    JobRecord job = submitted.job();
    Following waited = following.remove(job.id());
    if (waited != null && running.containsKey(waited.after())) {
      // It started as the attempt it followed ended, whose end is on its way: take that in first.
      startsAfterEnds.put(waited.after(), started);
      return;
    }
    Throwable error = started.error();
    if (error instanceof CompletionException wrapped && wrapped.getCause() != null) {
      error = wrapped.getCause();
    }
    if (error instanceof AttemptStartException never) {
      takeStart(submitted);
      notStarted(submitted, never.returnCode(), never.getMessage());
      return;
    }
    if (error != null && pause.launchFailed(error)) {
      giveBack(job, "cannot start it now: " + error.getMessage());
      return;
    }
    if (error != null) {
      LOG.warn("cannot start job {} ({}): {}", job.id(), job.name(), error.getMessage());
      takeStart(submitted);
      notStarted(submitted, 127, "cannot start: " + error.getMessage());
      return;
    }
    if (TEST_PAUSE_AFTER_SPAWN_MILLIS > 0) {
      pauseForTest();
    }
    tellStarted(job);
    Running run =
        new Running(
            job, submitted.runId(), submitted.handle(), Instant.now(), submitted.claimedAs());
    running.put(job.id(), run);
    takeStart(run);
    run.handle().end().thenAccept(end -> finished.add(new Finished(run, end)));
  }

  /**
   * Returns a job whose attempt could not start to ready, with its resources, for a later launch:
   * nothing of its attempt runs.
   */
  private void giveBack(JobRecord job, String why) {
    running.remove(job.id());
    returnResources(job);
    store.releaseClaim(job.id(), runnerId, "runner " + runnerId + " " + why);
  }

  /** Gives the job's reserved resources back to what this runner has free. */
  private void returnResources(JobRecord job) {
    ResourceRequirements rr = job.requirements();
    free =
        new ResourceBudget(
            free.cpus() + rr.numCpus(),
            free.memoryBytes() + rr.memory().bytes(),
            free.gpus() + rr.numGpus());
  }

  private static void pauseForTest() {
    try {
      Thread.sleep(TEST_PAUSE_AFTER_SPAWN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records an attempt that never started as one that ended at once with {@code returnCode}. */
  private void notStarted(Running submitted, int returnCode, String note) {
    finished.add(
        new Finished(submitted, new AttemptEnd(returnCode, false, Duration.ZERO, null, note)));
  }

  /** Takes in an attempt's end, then the start of the one that followed it, if that came first. */
  private void record(Finished done) {
    recordEnd(done);
    Started next = startsAfterEnds.remove(done.running().job().id());
    if (next != null) {
      started(next);
    }
  }

  private void recordEnd(Finished done) {
    Running run = done.running();
    JobRecord job = run.job();
    running.remove(job.id());
    returnResources(job);
    JobRecord successor = followedBy.remove(job.id());
    if (successor != null) {
      // Its share passed on to the job that followed it (which returns it when it ends).
      reserve(successor);
    }
    AttemptEnd end = done.end();
    timing.ended(end.wallTime());
    String note = end.note();
    JobStatus status;
    if (end.timedOut()) {
      status = JobStatus.TERMINATED;
    } else if (end.returnCode() != 0) {
      status = JobStatus.FAILED;
    } else {
      String missing = missingOutputs(job);
      status = missing.isEmpty() ? JobStatus.COMPLETED : JobStatus.FAILED;
      if (!missing.isEmpty()) {
        note = "exited 0 but its output files are missing: " + missing;
      }
    }
    if (note != null) {
      StderrNotes.append(
          options.outputDir(), workflowId, job.id(), run.runId(), job.attemptId(), note);
      store.addEvent(workflowId, job.id(), "job_note", "job " + job.name() + ": " + note);
    }
    UsageSummary usage = end.usage();
    TimeSeriesFiles.write(
        options.outputDir(), workflowId, job.id(), run.runId(), job.attemptId(), usage);
    JobResult result =
        new JobResult(
            job.id(),
            workflowId,
            run.runId(),
            job.attemptId(),
            end.returnCode(),
            status,
            end.wallTime().toMillis() / 60_000.0,
            options.clock().instant(),
            usage == null ? null : usage.peakMemoryBytes(),
            usage == null ? null : usage.avgMemoryBytes(),
            usage == null ? null : usage.peakCpuPercent(),
            usage == null ? null : usage.avgCpuPercent());
    if (status == JobStatus.COMPLETED) {
      timing.completionTakenIn(System.nanoTime());
      unwrittenCompletions.add(new Completion(job, result));
      // The next job starts before this one's end is written: the write is off the path from
      // one job to the next.
      launchQueued();
      return;
    }
    writeCompletions();
    if (end.lost()) {
      // As a lost runner's or allocation's attempts: ready again, the failure handler not asked.
      store.recordLostAttempt(
          result, runnerId, "attempt " + job.attemptId() + " lost: " + end.note());
      return;
    }
    failures.settle(job, result);
    options.listeners().forEach(listener -> listener.jobFinished(job, result));
  }

  /** The job's declared outputs that do not exist, as {@code name (path)}, comma-separated. */
  private String missingOutputs(JobRecord job) {
    if (job.outputFiles().isEmpty()) {
      return "";
    }
    return job.outputFiles().stream()
        .filter(name -> filePaths.containsKey(name) && !Files.exists(Path.of(filePaths.get(name))))
        .map(name -> name + " (" + filePaths.get(name) + ")")
        .collect(Collectors.joining(", "));
  }

  private RunResult result(boolean canceled) {
    Map<JobStatus, Integer> counts = store.countJobsByStatus(workflowId);
    Map<Long, Integer> lastCodes = new LinkedHashMap<>();
    WorkflowRecord workflow = store.getWorkflow(workflowId);
    for (JobResult r : store.listResults(workflowId)) {
      if (r.runId() == workflow.runId()) {
        lastCodes.put(r.jobId(), r.returnCode());
      }
    }
    Map<Long, FailureInfo> analyses = new HashMap<>();
    for (FailureInfo f : store.listFailureRecords(workflowId)) {
      if (f.runId() == workflow.runId()) {
        analyses.merge(f.jobId(), f, (a, b) -> b.attemptId() >= a.attemptId() ? b : a);
      }
    }
    List<RunResult.JobOutcome> jobs =
        store.listJobs(workflowId, null).stream()
            .map(
                j ->
                    new RunResult.JobOutcome(
                        j.id(),
                        j.name(),
                        j.status(),
                        j.attemptId(),
                        lastCodes.get(j.id()),
                        FailureCauses.of(j, lastCodes.get(j.id()), analyses.get(j.id()))))
            .toList();
    RunResult.Outcome outcome;
    if (canceled) {
      outcome = RunResult.Outcome.CANCELED;
    } else if (counts.getOrDefault(JobStatus.FAILED, 0)
            + counts.getOrDefault(JobStatus.CANCELED, 0)
            + counts.getOrDefault(JobStatus.TERMINATED, 0)
        > 0) {
      outcome = RunResult.Outcome.FAILED;
    } else if (counts.getOrDefault(JobStatus.PENDING_FAILED, 0) > 0) {
      outcome = RunResult.Outcome.AWAITING_CLASSIFICATION;
    } else if (counts.keySet().stream().allMatch(JobStatus::isTerminal)) {
      outcome = RunResult.Outcome.COMPLETED;
    } else {
      outcome = RunResult.Outcome.FAILED;
    }
    return new RunResult(
        workflowId, workflow.runId(), outcome, counts, jobs, startedAt, options.clock().instant());
  }

  /**
   * Stops every attempt and recovery script of this runner, including starts under way; safe from
   * any thread (the shutdown hook calls it too).
   */
  private void killAll() {
    FailureSettlement settlement = failures;
    if (settlement != null) {
      settlement.killAll();
    }
    Executor attempts = executor;
    if (attempts != null) {
      attempts.close();
    }
  }

  private static Instant processStart() {
    return ProcessHandle.current().info().startInstant().orElse(null);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
