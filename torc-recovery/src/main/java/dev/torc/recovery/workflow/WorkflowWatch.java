package dev.torc.recovery.workflow;

import dev.torc.model.JobStatus;
import dev.torc.store.WorkflowStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches a workflow to its end and, with a {@link WorkflowRecovery}, recovers it, as {@code torc
 * watch [--recover]} does: while the {@link WorkflowDriver} makes the workflow progress (in a
 * thread of its own), poll the store every poll interval, one job-count query per poll, until
 * nothing is left to run; then, with recovery, set the requirements of jobs that completed with
 * headroom after a memory kill from their peaks ({@link WorkflowRecovery#rightSize}), and when jobs
 * failed, were canceled or terminated or await classification, run a recovery pass and watch again,
 * up to {@link Builder#maxRetries} passes.
 *
 * <p>It ends {@link WatchResult.Outcome#SUCCEEDED} when every job completed, {@link
 * WatchResult.Outcome#FAILED} when jobs failed and there is no recovery, {@link
 * WatchResult.Outcome#NOT_RECOVERABLE} when a pass found nothing to run again, and {@link
 * WatchResult.Outcome#MAX_RETRIES_EXCEEDED} when failures remain after the last pass (jobs awaiting
 * classification that must not run again then fail: {@link WorkflowRecovery#settle}). Not
 * thread-safe; one watch per workflow at a time.
 */
public final class WorkflowWatch {
  private final WorkflowStore store;
  private final WorkflowDriver driver;
  private final WorkflowDriver eachPoll;
  private final java.util.function.Consumer<RecoveryReport> afterRecovery;
  private final WorkflowRecovery recovery;
  private final int maxRetries;
  private final Duration pollInterval;
  private final boolean countJobs;
  private final WatchListener listener;
  private final Sleeper sleeper;

  /** Waits out a poll interval; tests pass one that advances a virtual clock. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits this long.
     *
     * @param duration how long
     * @throws InterruptedException when interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  private WorkflowWatch(Builder b) {
    this.store = b.store;
    this.driver = b.driver;
    this.eachPoll = b.eachPoll;
    this.afterRecovery = b.afterRecovery;
    this.recovery = b.recovery;
    this.maxRetries = b.maxRetries;
    this.pollInterval = b.pollInterval;
    this.countJobs = b.countJobs;
    this.listener = b.listener;
    this.sleeper = b.sleeper;
  }

  /**
   * A builder for watching workflows of this store. Not thread-safe.
   *
   * @param store the store
   * @return a builder for watching workflows of this store
   */
  public static Builder builder(WorkflowStore store) {
    return new Builder(store);
  }

  /**
   * Whether nothing is left to run: no job waits to start or runs, blocked ones only behind
   * failures.
   *
   * @param counts the counts so far
   * @return whether nothing is left to run: no job waits to start or runs, blocked ones only behind
   *     failures
   */
  public static boolean isComplete(Map<JobStatus, Integer> counts) {
    int open =
        counts.getOrDefault(JobStatus.UNINITIALIZED, 0)
            + counts.getOrDefault(JobStatus.READY, 0)
            + counts.getOrDefault(JobStatus.PENDING, 0)
            + counts.getOrDefault(JobStatus.RUNNING, 0);
    int blocked = counts.getOrDefault(JobStatus.BLOCKED, 0);
    return open == 0 && (blocked == 0 || counts.getOrDefault(JobStatus.PENDING_FAILED, 0) > 0);
  }

  /**
   * Whether jobs failed, were canceled or terminated, or await classification.
   *
   * @param counts the counts so far
   * @return whether jobs failed, were canceled or terminated, or await classification
   */
  public static boolean hasFailures(Map<JobStatus, Integer> counts) {
    return counts.getOrDefault(JobStatus.FAILED, 0)
            + counts.getOrDefault(JobStatus.CANCELED, 0)
            + counts.getOrDefault(JobStatus.TERMINATED, 0)
            + counts.getOrDefault(JobStatus.PENDING_FAILED, 0)
        > 0;
  }

  /**
   * Watches (and recovers) the workflow until it ends as {@link WatchResult.Outcome} says.
   *
   * @throws RecoveryHook.RecoveryHookException when a recovery hook fails
   * @throws RuntimeException what the driver throws
   * @param workflowId the workflow
   * @return how the watch ended
   * @throws InterruptedException when interrupted between polls
   */
  public WatchResult watch(long workflowId) throws InterruptedException {
    store.getWorkflow(workflowId);
    List<RecoveryReport> passes = new ArrayList<>();
    while (true) {
      listener.watching(workflowId);
      Map<JobStatus, Integer> counts = untilComplete(workflowId);
      if (recovery != null) {
        List<RightSized> rightSized = recovery.rightSize(workflowId);
        if (!rightSized.isEmpty()) {
          listener.rightSized(workflowId, rightSized);
        }
      }
      listener.complete(workflowId, counts);
      if (!hasFailures(counts)) {
        return new WatchResult(workflowId, WatchResult.Outcome.SUCCEEDED, counts, passes);
      }
      if (recovery == null) {
        return new WatchResult(workflowId, WatchResult.Outcome.FAILED, counts, passes);
      }
      if (passes.size() >= maxRetries) {
        if (recovery.settle(workflowId) > 0) {
          counts = store.countJobsByStatus(workflowId);
        }
        return new WatchResult(
            workflowId, WatchResult.Outcome.MAX_RETRIES_EXCEEDED, counts, passes);
      }
      listener.recovering(workflowId, passes.size() + 1, maxRetries);
      RecoveryReport report = recovery.recover(workflowId, false);
      passes.add(report);
      if (report.recoverable()) {
        afterRecovery.accept(report);
      }
      listener.recovered(report);
      if (!report.recoverable()) {
        return new WatchResult(
            workflowId,
            WatchResult.Outcome.NOT_RECOVERABLE,
            store.countJobsByStatus(workflowId),
            passes);
      }
    }
  }

  private Map<JobStatus, Integer> untilComplete(long workflowId) throws InterruptedException {
    CompletableFuture<Void> driving =
        CompletableFuture.runAsync(
            () -> driver.drive(workflowId),
            task -> {
              Thread thread = new Thread(task, "torc-watch-driver-" + workflowId);
              thread.setDaemon(true);
              thread.start();
            });
    try {
      while (true) {
        boolean driven = waitFor(driving);
        eachPoll.drive(workflowId);
        Map<JobStatus, Integer> counts = store.countJobsByStatus(workflowId);
        if (driven && isComplete(counts)) {
          return counts;
        }
        listener.polled(workflowId, countJobs ? counts : Map.of());
        if (driven) {
          sleeper.sleep(pollInterval);
        }
      }
    } finally {
      driving.cancel(true);
    }
  }

  /** Waits up to a poll interval for the driver; whether it has finished. */
  private boolean waitFor(CompletableFuture<Void> driving) throws InterruptedException {
    if (driving.isDone()) {
      rethrow(driving);
      return true;
    }
    try {
      driving.get(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      rethrow(driving);
      return true;
    }
  }

  private static void rethrow(CompletableFuture<Void> driving) {
    try {
      driving.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Configures a {@link WorkflowWatch}. Not thread-safe. */
  public static final class Builder {
    private final WorkflowStore store;
    private WorkflowDriver driver = WorkflowDriver.none();
    private WorkflowDriver eachPoll = WorkflowDriver.none();
    private java.util.function.Consumer<RecoveryReport> afterRecovery = report -> {};
    private WorkflowRecovery recovery;
    private int maxRetries = 3;
    private Duration pollInterval = Duration.ofSeconds(60);
    private boolean countJobs;
    private WatchListener listener = new WatchListener() {};
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    private Builder(WorkflowStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * What makes the workflow progress (default: nothing, something else runs it).
     *
     * @param driver runs the workflow
     * @return this builder
     */
    public Builder driver(WorkflowDriver driver) {
      this.driver = Objects.requireNonNull(driver, "driver");
      return this;
    }

    /**
     * What runs at each poll before the jobs are counted, returning at once (default: nothing);
     * e.g. settling the jobs of lost Slurm allocations and submitting new ones.
     *
     * @param step the step
     * @return this builder
     */
    public Builder eachPoll(WorkflowDriver step) {
      this.eachPoll = Objects.requireNonNull(step, "step");
      return this;
    }

    /**
     * What runs after each recovery pass that reset jobs, before watching again (default: nothing);
     * e.g. regenerating Slurm schedulers for resized jobs.
     *
     * @param step the step
     * @return this builder
     */
    public Builder afterRecovery(java.util.function.Consumer<RecoveryReport> step) {
      this.afterRecovery = Objects.requireNonNull(step, "step");
      return this;
    }

    /**
     * Recovers failures with this; {@code null} (the default) only reports them.
     *
     * @param recovery the recovery
     * @return this builder
     */
    public Builder recovery(WorkflowRecovery recovery) {
      this.recovery = recovery;
      return this;
    }

    /**
     * The most recovery passes, at least 0 (default 3).
     *
     * @param maxRetries at most this many retries
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("max retries cannot be negative: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Time between polls, positive (default 60 s).
     *
     * @param interval how often
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("poll interval must be positive: " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Whether polls report job counts to the listener (default false).
     *
     * @param countJobs whether to count jobs
     * @return this builder
     */
    public Builder countJobs(boolean countJobs) {
      this.countJobs = countJobs;
      return this;
    }

    /**
     * Tells this listener what the watch does.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(WatchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How to wait between polls when the driver has returned (default: sleep).
     *
     * @param sleeper waits between polls
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * The watch.
     *
     * @return the watch
     */
    public WorkflowWatch build() {
      return new WorkflowWatch(this);
    }
  }
}
