package dev.torc.run.internal;

import dev.torc.exec.ProcessOutcome;
import dev.torc.exec.SupervisedJob;
import dev.torc.executor.AttemptEnd;
import java.util.concurrent.CompletableFuture;

/** A shell job's attempt: a process group under the supervisor's limits. */
final class ShellAttempt implements Attempt {
  private final SupervisedJob supervised;
  private final CompletableFuture<AttemptEnd> end;

  ShellAttempt(SupervisedJob supervised) {
    this.supervised = supervised;
    this.end = supervised.outcome().thenApply(ShellAttempt::toEnd);
  }

  private static AttemptEnd toEnd(ProcessOutcome outcome) {
    String note =
        switch (outcome.cause()) {
          case TIMEOUT -> "stopped at its runtime limit";
          case OOM_KILLED -> "killed at its memory limit";
          case SIGNALED -> "killed by signal " + outcome.signal();
          case EXITED -> null;
        };
    return new AttemptEnd(
        outcome.returnCode(),
        outcome.cause() == ProcessOutcome.Cause.TIMEOUT,
        outcome.wallTime(),
        outcome.usage(),
        note);
  }

  @Override
  public CompletableFuture<AttemptEnd> end() {
    return end;
  }

  @Override
  public void kill() {
    supervised.process().kill();
  }
}
