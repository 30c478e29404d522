package dev.torc.exec.internal;

import dev.torc.exec.JobProcess;
import dev.torc.exec.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link JobProcess} over a {@link Process} that leads its own session. */
public final class LocalJobProcess implements JobProcess {
  private static final Logger LOG = LoggerFactory.getLogger(LocalJobProcess.class);

  /**
   * Threads that wait for jobs to exit, one per running job, reused from job to job. {@link
   * Process#onExit()} completes on the common pool, which on a machine with 2 cores or fewer is
   * replaced by a new thread for every process: one thread start and end per job.
   */
  private static final ExecutorService WAITERS =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          60,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "torc-process-waiter");
            thread.setDaemon(true);
            return thread;
          });

  private final Process process;
  private final long pid;
  private final Instant startTime;
  private final long startNanos;
  private volatile long exitNanos;
  private final CompletableFuture<JobProcess> onExit;

  public LocalJobProcess(Process process, Instant startTime, long startNanos) {
    this.process = process;
    this.pid = process.pid();
    this.startTime = startTime;
    this.startNanos = startNanos;
    this.onExit = CompletableFuture.supplyAsync(this::awaitExit, WAITERS);
  }

  private JobProcess awaitExit() {
    boolean interrupted = false;
    while (true) {
      try {
        process.waitFor();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    markExited();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return this;
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public Instant startTime() {
    return startTime;
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public CompletableFuture<JobProcess> onExit() {
    return onExit.copy();
  }

  @Override
  public boolean waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public int exitCode() {
    try {
      // On Linux the JDK already reports 128 + signal for a process a signal killed.
      return process.exitValue();
    } catch (IllegalThreadStateException e) {
      throw new IllegalStateException("job " + pid + " is still running", e);
    }
  }

  @Override
  public Duration wallTime() {
    long end = exitNanos;
    if (end == 0) {
      end = process.isAlive() ? System.nanoTime() : markExited();
    }
    return Duration.ofNanos(end - startNanos);
  }

  private long markExited() {
    if (exitNanos == 0) {
      exitNanos = System.nanoTime();
    }
    return exitNanos;
  }

  @Override
  public void signal(Signal signal) {
    // Members that moved to a group of their own (setsid, setpgid) must be found while the
    // job's own process lives: after it is gone they are reparented and no longer its descendants.
    List<ProcessHandle> leavers = List.of();
    if (process.isAlive()) {
      leavers =
          process
              .descendants()
              .filter(
                  h -> {
                    ProcStat stat = ProcStat.read(h.pid());
                    return stat != null && stat.pgrp() != pid;
                  })
              .collect(Collectors.toList());
    }
    boolean delivered = Signals.send(-pid, signal);
    if (!delivered && process.isAlive()) {
      // The child has not yet called setsid: the group does not exist yet.
      delivered = Signals.send(pid, signal);
    }
    for (ProcessHandle leaver : leavers) {
      Signals.send(leaver.pid(), signal);
    }
    LOG.debug(
        "SIG{} to process group {} ({}), {} descendants outside it",
        signal,
        pid,
        delivered ? "delivered" : "gone",
        leavers.size());
  }

  @Override
  public String toString() {
    return "JobProcess[pid=" + pid + (process.isAlive() ? ", running]" : ", exited]");
  }
}
