package dev.torc.executor;

import dev.torc.store.AttemptRef;
import java.util.concurrent.CompletableFuture;

/**
 * One submitted attempt, as its executor reports it. The futures complete from any thread (see the
 * {@linkplain dev.torc.executor package} rules); neither ever completes twice.
 */
public interface AttemptHandle {

  /**
   * {@return the attempt's reference: {@link Executor#reference} of its spec, possibly with more
   * known}
   */
  AttemptRef ref();

  /**
   * Completes when the attempt runs, or exceptionally when it could not start: with an {@link
   * AttemptStartException} when it never will (the runner records the attempt ended with its code),
   * with any other exception when the start failed (the runner records code 127, or gives the job
   * back and pauses launches when the disk is full).
   *
   * @return the start's future
   */
  CompletableFuture<Void> started();

  /**
   * Completes, never exceptionally, when the attempt has ended, and only after {@link #started()}
   * completed normally; never for an attempt that did not start.
   *
   * @return the end's future, with how the attempt ended
   */
  CompletableFuture<AttemptEnd> end();

  /**
   * Stops the attempt at once (the local executor: SIGKILL to its processes; a Java task:
   * interrupt). A kill before the attempt started stops it as soon as it starts. Any thread.
   */
  void kill();
}
