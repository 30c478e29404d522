package dev.torc.executor;

import dev.torc.run.RunOptions;
import dev.torc.store.RunnerInfo;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.util.Objects;

/**
 * What an executor learns of the run it is opened for.
 *
 * @param workflow the workflow the runner runs (its resource monitor settings apply to every job)
 * @param runnerId the runner's id in the store
 * @param runner the runner's own process, which the attempts it starts may name (the local executor
 *     marks every process with it, so that a dead runner's processes are told apart)
 * @param options the run's options: resources, output directory, limits, Java tasks
 * @param store the store that holds the workflow, for what attempts read of it (a Java task's file
 *     paths and user data); the runner alone records attempts
 */
public record ExecutorContext(
    WorkflowRecord workflow,
    long runnerId,
    RunnerInfo runner,
    RunOptions options,
    WorkflowStore store) {

  /**
   * Checks that nothing is missing.
   *
   * @param workflow the workflow the runner runs (its resource monitor settings apply to every job)
   * @param runnerId the runner's id in the store
   * @param runner the runner's own process, which the attempts it starts may name (the local
   *     executor marks every process with it, so that a dead runner's processes are told apart)
   * @param options the run's options: resources, output directory, limits, Java tasks
   * @param store the store that holds the workflow, for what attempts read of it (a Java task's
   *     file paths and user data); the runner alone records attempts
   */
  public ExecutorContext {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(store, "store");
  }
}
