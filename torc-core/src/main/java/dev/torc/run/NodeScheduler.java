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

  /**
   * {@return the scheduler type a spec names in {@code scheduler_type}: {@code slurm} or {@code
   * local}}
   */
  String type();

  /**
   * Starts the workers the request asks for. Never blocks until the workers end.
   *
   * @param request what to start, for which workflow
   * @return for each worker started, the identifier of what was started (a Slurm job id, a process
   *     id)
   * @throws RunException when the scheduler refuses the request; nothing is left half-started
   */
  List<String> schedule(NodeRequest request);

  /**
   * Stops the workers this scheduler started for the workflow that may still run (a canceled
   * workflow's allocations are scancelled).
   *
   * @param store the store that holds the workflow
   * @param workflowId the workflow
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
   * @param store the store that holds the workflow
   * @param workflowId the workflow
   * @return how many jobs were settled
   */
  default int settleLostWorkers(dev.torc.store.WorkflowStore store, long workflowId) {
    return 0;
  }

  /** {@return every provider on the class path} */
  static List<NodeScheduler> all() {
    return ServiceLoader.load(NodeScheduler.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  /**
   * The provider of a scheduler type on the class path.
   *
   * @param type a type such as {@code slurm} or {@code local}
   * @return the provider, or empty when none is on the class path
   */
  static Optional<NodeScheduler> find(String type) {
    return ServiceLoader.load(NodeScheduler.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(scheduler -> scheduler.type().equals(type))
        .findFirst();
  }
}
