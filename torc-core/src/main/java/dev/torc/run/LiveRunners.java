package dev.torc.run;

import dev.torc.run.internal.RunnerLiveness;
import dev.torc.store.RunnerRecord;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The runners that are running a workflow now: registered and alive (by their process on this host,
 * by their heartbeat on others). What must stop before a workflow is deleted or started again.
 */
public final class LiveRunners {
  private static final long LOOK_INTERVAL_MILLIS = 100;

  private LiveRunners() {}

  /**
   * The workflow's runners that are alive.
   *
   * @param store the store that holds the workflow
   * @param workflowId the workflow
   * @return the live runners, oldest first
   */
  public static List<RunnerRecord> of(WorkflowStore store, long workflowId) {
    String host = hostName();
    return store.listActiveRunners(workflowId).stream()
        .filter(runner -> RunnerLiveness.isAlive(runner, host))
        .toList();
  }

  /**
   * Waits until no runner of the workflow is alive, or a timeout has passed.
   *
   * @param store the store that holds the workflow
   * @param workflowId the workflow
   * @param timeout how long to wait at most
   * @return the runners still alive: empty when all stopped in time
   * @throws RunException when the thread is interrupted
   */
  public static List<RunnerRecord> awaitStopped(
      WorkflowStore store, long workflowId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<RunnerRecord> alive = of(store, workflowId);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(LOOK_INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunException(
            "interrupted while waiting for the runners of workflow " + workflowId);
      }
      alive = of(store, workflowId);
    }
    return alive;
  }

  /**
   * The runners for a message: {@code runner 3 (pid 123 on host)}, comma-separated.
   *
   * @param runners the runners
   * @return the description
   */
  public static String describe(List<RunnerRecord> runners) {
    return runners.stream()
        .map(
            r ->
                "runner "
                    + r.id()
                    + " (pid "
                    + r.process().pid()
                    + " on "
                    + r.process().host()
                    + ")")
        .collect(Collectors.joining(", "));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
