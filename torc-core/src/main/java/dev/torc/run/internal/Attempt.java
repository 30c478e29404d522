package dev.torc.run.internal;

import dev.torc.executor.AttemptEnd;
import java.util.concurrent.CompletableFuture;

/** One attempt of a job under way, shell process or Java task. */
public interface Attempt {

  /** Completes when the attempt has ended; never exceptionally. */
  CompletableFuture<AttemptEnd> end();

  /** Stops the attempt at once (SIGKILL to a process group; interrupt for a Java task). */
  void kill();
}
