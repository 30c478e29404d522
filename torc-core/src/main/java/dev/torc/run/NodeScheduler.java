package dev.torc.run;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Starts workers for a workflow: Slurm allocations that run the runner inside, or runner processes
 * on this machine. The {@code schedule_nodes} action and {@code torc slurm schedule-nodes} use it.
 * Providers are found by {@link #type()} through {@link ServiceLoader}.
 */
public interface NodeScheduler {

  /** The scheduler type a spec names in {@code scheduler_type}: {@code slurm} or {@code local}. */
  String type();

  /**
   * Starts the workers the request asks for and returns, for each, the identifier of what was
   * started (a Slurm job id, a process id). Never blocks until the workers end.
   *
   * @throws RunException when the scheduler refuses the request; nothing is left half-started
   */
  List<String> schedule(NodeRequest request);

  /**
   * Stops the workers this scheduler started for the workflow that may still run (a canceled
   * workflow's allocations are scancelled).
   *
   * @return the identifiers of what was stopped
   */
  default List<String> stopWorkers(dev.torc.store.WorkflowStore store, long workflowId) {
    return List.of();
  }

  /**
   * Settles the jobs that workers of the workflow which are gone (an allocation cancelled, its node
   * failed, its time up) left pending or running: lost attempts become ready again without spending
   * a retry.
   *
   * @return how many jobs were settled
   */
  default int settleLostWorkers(dev.torc.store.WorkflowStore store, long workflowId) {
    return 0;
  }

  /** Every provider on the class path. */
  static List<NodeScheduler> all() {
    return ServiceLoader.load(NodeScheduler.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  /** The provider of this type on the class path, if any. */
  static Optional<NodeScheduler> find(String type) {
    return ServiceLoader.load(NodeScheduler.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(scheduler -> scheduler.type().equals(type))
        .findFirst();
  }
}
