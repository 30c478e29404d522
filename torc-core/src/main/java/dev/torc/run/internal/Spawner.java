package dev.torc.run.internal;

import dev.torc.store.JobRecord;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts shell attempts off the runner's loop, several at once. Starting a process blocks the
 * calling thread until the child has executed its program (posix_spawn waits for the exec), which
 * costs about as much as a short job runs; started one after another from one thread, the starts
 * alone would cap the throughput of short jobs however many cores are free.
 */
public final class Spawner implements AutoCloseable {
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final AttemptLauncher launcher;
  private final ExecutorService threads;

  /** What a start gave: the attempt under way, or why it could not start. */
  public record Spawned(JobRecord job, int runId, Attempt attempt, RuntimeException error) {}

  /**
   * @param threads how many starts may be under way at once
   */
  public Spawner(AttemptLauncher launcher, int threads) {
    this.launcher = launcher;
    this.threads =
        Executors.newFixedThreadPool(Math.max(1, threads), RecoveryScripts.daemon("torc-spawner"));
  }

  /** Starts the job's attempt and hands what came of it to {@code done}, on a spawner thread. */
  public void start(JobRecord job, int runId, Consumer<Spawned> done) {
    try {
      threads.execute(() -> done.accept(startHere(launcher, job, runId)));
    } catch (RejectedExecutionException closed) {
      done.accept(
          new Spawned(job, runId, null, new IllegalStateException("the runner is stopping")));
    }
  }

  /** Starts the job's attempt on the calling thread. */
  public static Spawned startHere(AttemptLauncher launcher, JobRecord job, int runId) {
    try {
      return new Spawned(job, runId, launcher.start(job, runId), null);
    } catch (RuntimeException e) {
      return new Spawned(job, runId, null, e);
    }
  }

  /** Takes no more starts and waits for those under way to hand over their attempts. */
  @Override
  public void close() {
    threads.shutdown();
    try {
      threads.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
