package dev.torc.run.internal;

import dev.torc.executor.Executor;
import dev.torc.executor.ExecutorContext;
import dev.torc.executor.ExecutorProvider;

/** Provides the {@code local} executor: {@link LocalExecutor}. */
public final class LocalExecutorProvider implements ExecutorProvider {

  @Override
  public String id() {
    return LocalExecutor.ID;
  }

  @Override
  public Executor open(ExecutorContext context) {
    return new LocalExecutor(context);
  }
}
