package dev.torc.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A running (or finished) job started by {@link LocalProcessLauncher}. The job's process leads its
 * own session and process group, whose id is {@link #pid()}; {@link #terminate()} and {@link
 * #kill()} signal that whole group, so children and grandchildren go too. Thread-safe.
 */
public interface JobProcess {

  /** {@return the job's process id; also the id of its process group and session} */
  long pid();

  /** {@return when the job was started} */
  Instant startTime();

  /** {@return whether the job's own process is still running (its children may outlive it)} */
  boolean isAlive();

  /** {@return a future that completes with this job when its own process has exited} */
  CompletableFuture<JobProcess> onExit();

  /**
   * Waits for the job's own process to exit.
   *
   * @param timeout how long to wait at most
   * @return whether it has exited
   * @throws InterruptedException when the thread is interrupted while it waits
   */
  boolean waitFor(Duration timeout) throws InterruptedException;

  /**
   * The exit code: the job's own, or 128 + the signal's number when a signal killed it (137 for
   * SIGKILL, 143 for SIGTERM), the same as a shell reports.
   *
   * @return the exit code
   * @throws IllegalStateException while the job is still running
   */
  int exitCode();

  /** {@return the time from start to exit, or to now while the job runs} */
  Duration wallTime();

  /**
   * Sends a signal to the job's process group, to descendants that left the group, and to every
   * process carrying the job's {@link #mark()}; SIGKILL is repeated until no marked process is
   * left.
   *
   * @param signal the signal to send
   */
  void signal(Signal signal);

  /**
   * {@return what every process of the job carries in its environment, or {@code null} for none}
   */
  default String mark() {
    return null;
  }

  /** Asks the whole job to stop: SIGTERM to its process group. */
  default void terminate() {
    signal(Signal.TERM);
  }

  /** Stops the whole job at once: SIGKILL to its process group. */
  default void kill() {
    signal(Signal.KILL);
  }

  /**
   * Kills what is left of a job whose own process has exited, as {@link #kill()} does, but may
   * first look for marked processes in what it remembers of the machine's processes, which is far
   * cheaper when, as usual, the job left nothing behind.
   */
  default void killLeftovers() {
    kill();
  }
}
