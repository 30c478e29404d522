package dev.torc.slurm.internal;

import dev.torc.executor.Executor;
import dev.torc.executor.ExecutorContext;
import dev.torc.executor.ExecutorProvider;

/** Provides the {@code slurm} executor: each attempt its own Slurm batch job. */
public final class SlurmExecutorProvider implements ExecutorProvider {

  @Override
  public String id() {
    return SlurmExecutor.ID;
  }

  @Override
  public Executor open(ExecutorContext context) {
    return new SlurmExecutor(context, SlurmCommands.processes());
  }
}
