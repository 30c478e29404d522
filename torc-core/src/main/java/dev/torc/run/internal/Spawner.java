package dev.torc.run.internal;

import dev.torc.executor.AttemptSpec;
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
  public record Spawned(Attempt attempt, RuntimeException error) {}

  /**
   * @param threads how many starts may be under way at once
   */
  public Spawner(AttemptLauncher launcher, int threads) {
    this.launcher = launcher;
    this.threads =
        Executors.newFixedThreadPool(Math.max(1, threads), RecoveryScripts.daemon("torc-spawner"));
  }

  /** Starts the attempt and hands what came of it to {@code done}, on a spawner thread. */
  public void start(AttemptSpec spec, Consumer<Spawned> done) {
    try {
      threads.execute(() -> done.accept(startHere(launcher, spec)));
    } catch (RejectedExecutionException closed) {
      done.accept(new Spawned(null, new IllegalStateException("the runner is stopping")));
    }
  }

  /** Starts the attempt on the calling thread. */
  public static Spawned startHere(AttemptLauncher launcher, AttemptSpec spec) {
    try {
      return new Spawned(launcher.start(spec), null);
    } catch (RuntimeException e) {
      return new Spawned(null, e);
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
