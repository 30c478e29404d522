package dev.torc.exec.internal;

import dev.torc.exec.JobContainment;
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

/**
 * A {@link JobProcess} over a child that leads its own session: one the JDK started ({@link
 * Process}) or one started with {@link PosixSpawn}.
 */
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

  /** The child process itself, however it was started. */
  public interface Child {
    long pid();

    boolean isAlive();

    /** Blocks until the child has exited (reaping it); called once, by the waiter thread. */
    void awaitExit() throws InterruptedException;

    boolean waitFor(long nanos) throws InterruptedException;

    /**
     * The exit code, 128 + signal for a signal death. @throws IllegalThreadStateException if alive
     */
    int exitValue();

    java.util.stream.Stream<ProcessHandle> descendants();
  }

  /** A child the JDK started. */
  public static Child of(Process process) {
    return new Child() {
      @Override
      public long pid() {
        return process.pid();
      }

      @Override
      public boolean isAlive() {
        return process.isAlive();
      }

      @Override
      public void awaitExit() throws InterruptedException {
        process.waitFor();
      }

      @Override
      public boolean waitFor(long nanos) throws InterruptedException {
        return process.waitFor(nanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public int exitValue() {
        // On Linux the JDK already reports 128 + signal for a process a signal killed.
        return process.exitValue();
      }

      @Override
      public java.util.stream.Stream<ProcessHandle> descendants() {
        return process.descendants();
      }
    };
  }

  /** A child started with {@link PosixSpawn}; only this object may reap it. */
  public static Child spawned(long pid) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    return new Child() {
      @Override
      public long pid() {
        return pid;
      }

      @Override
      public boolean isAlive() {
        return !exit.isDone();
      }

      @Override
      public void awaitExit() {
        try {
          exit.complete(PosixSpawn.waitFor(pid));
        } catch (RuntimeException e) {
          exit.complete(255);
          throw e;
        }
      }

      @Override
      public boolean waitFor(long nanos) throws InterruptedException {
        try {
          exit.get(nanos, TimeUnit.NANOSECONDS);
          return true;
        } catch (java.util.concurrent.TimeoutException e) {
          return false;
        } catch (java.util.concurrent.ExecutionException e) {
          return true;
        }
      }

      @Override
      public int exitValue() {
        Integer code = exit.getNow(null);
        if (code == null) {
          throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return code;
      }

      @Override
      public java.util.stream.Stream<ProcessHandle> descendants() {
        return ProcessHandle.of(pid)
            .map(ProcessHandle::descendants)
            .orElseGet(java.util.stream.Stream::empty);
      }
    };
  }

  private final Child process;
  private final String mark;
  private final JobContainment containment;
  private final long pid;
  private final Instant startTime;
  private final long startNanos;
  private volatile long exitNanos;
  private final CompletableFuture<JobProcess> onExit;

  /**
   * @param mark what the job's processes carry in their environment, or {@code null} for none
   * @param containment finds the marked processes when the job is signalled
   */
  public LocalJobProcess(
      Child process, Instant startTime, long startNanos, String mark, JobContainment containment) {
    this.process = process;
    this.mark = mark;
    this.containment = containment;
    this.pid = process.pid();
    this.startTime = startTime;
    this.startNanos = startNanos;
    if (mark != null) {
      ProcSweepContainment.rootStarted(pid, mark);
    }
    this.onExit = CompletableFuture.supplyAsync(this::awaitExit, WAITERS);
  }

  private JobProcess awaitExit() {
    boolean interrupted = false;
    while (true) {
      try {
        process.awaitExit();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    ProcSweepContainment.rootReaped(pid);
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
    return process.waitFor(timeout.toNanos());
  }

  @Override
  public int exitCode() {
    try {
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
    signalGroup(signal);
    if (mark != null) {
      boolean found =
          signal == Signal.KILL
              ? !containment.killAll(mark::equals).isEmpty()
              : containment.signal(mark::equals, signal) > 0;
      LOG.debug("SIG{} to the processes marked {}: {}", signal, mark, found ? "some" : "none");
    }
  }

  @Override
  public void killLeftovers() {
    signalGroup(Signal.KILL);
    if (mark != null && containment.mayHaveMembers(mark, pid, wallTime())) {
      containment.killAll(mark::equals);
    }
  }

  /** Signals the job's process group and the descendants that left it. */
  private void signalGroup(Signal signal) {
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
  public String mark() {
    return mark;
  }

  @Override
  public String toString() {
    return "JobProcess[pid=" + pid + (process.isAlive() ? ", running]" : ", exited]");
  }
}
