package dev.torc.sdk;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A run started by {@link Torc#start}: it goes on in a thread of its own while the caller does
 * other things, and ends with a {@link RunReport}, or with the exception the run threw (such as a
 * {@link dev.torc.run.RunException}).
 *
 * <pre>{@code
 * RunHandle handle = torc.start(id, RunRequest.builder().build());
 * handle.result().thenAccept(report -> log.info("run ended: {}", report.result().outcome()));
 * ...
 * handle.cancel("the user pressed stop");   // the runner stops its jobs; outcome CANCELED
 * RunReport report = handle.join();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RunHandle {
  private final long workflowId;
  private final CompletableFuture<RunReport> result;
  private final Consumer<String> canceler;

  RunHandle(long workflowId, CompletableFuture<RunReport> result, Consumer<String> canceler) {
    this.workflowId = workflowId;
    this.result = result;
    this.canceler = canceler;
  }

  /**
   * The workflow being run.
   *
   * @return the workflow's id
   */
  public long workflowId() {
    return workflowId;
  }

  /**
   * The run's report once it ends. Canceling this future does not stop the run: call {@link
   * #cancel} for that.
   *
   * @return a future of the report, completed exceptionally when the run throws
   */
  public CompletableFuture<RunReport> result() {
    return result.thenApply(r -> r);
  }

  /**
   * Whether the run has ended, however it ended.
   *
   * @return whether it has ended
   */
  public boolean isDone() {
    return result.isDone();
  }

  /**
   * Asks the run to stop: the workflow is canceled in the store (as {@code torc workflows cancel}
   * does, recorded with this reason), and the runner kills its jobs at its next look at the store
   * and ends with outcome {@code CANCELED}. Does nothing once the run has ended.
   *
   * @param reason why, recorded with the cancel
   */
  public void cancel(String reason) {
    if (!result.isDone()) {
      canceler.accept(reason);
    }
  }

  /**
   * Waits for the run's report.
   *
   * @return the report
   * @throws java.util.concurrent.CompletionException wrapping what the run threw
   */
  public RunReport join() {
    return result.join();
  }
}
