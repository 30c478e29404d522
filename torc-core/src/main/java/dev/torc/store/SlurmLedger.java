package dev.torc.store;

import dev.torc.model.SlurmScheduler;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A workflow's Slurm scheduler configurations, the allocations submitted with them, and the workers
 * that ran inside each allocation. The SQL stores keep it; see {@link #of}.
 */
public interface SlurmLedger {

  /**
   * Adds a scheduler configuration to the workflow.
   *
   * @throws StoreException when there is no such workflow or it has one of that name already
   */
  SlurmSchedulerRecord addSlurmScheduler(long workflowId, SlurmScheduler scheduler);

  Optional<SlurmSchedulerRecord> findSlurmScheduler(long schedulerId);

  /** The workflow's scheduler configurations in the order they were added. */
  List<SlurmSchedulerRecord> listSlurmSchedulerRecords(long workflowId);

  /**
   * Replaces a scheduler configuration, its name included.
   *
   * @throws StoreException when there is no such configuration, or the new name is taken
   */
  SlurmSchedulerRecord updateSlurmScheduler(long schedulerId, SlurmScheduler scheduler);

  /**
   * Makes the named scheduler the one of these jobs of the workflow (their {@code scheduler}), as
   * after schedulers were regenerated for them.
   *
   * @return how many of the jobs were the workflow's
   * @throws StoreException when the workflow has no scheduler of that name
   */
  int assignSlurmScheduler(long workflowId, Collection<Long> jobIds, String schedulerName);

  /** Deletes a scheduler configuration; false when there was none. */
  boolean deleteSlurmScheduler(long schedulerId);

  /**
   * Records an allocation that Slurm accepted, in state {@code PENDING}.
   *
   * @throws StoreException when there is no such workflow
   */
  AllocationRecord recordAllocation(
      long workflowId, Long schedulerId, String schedulerName, String slurmJobId, int numNodes);

  /**
   * Records what Slurm says of an allocation now: its state, and when it started and ended (each
   * kept when {@code null}, never set back).
   */
  void updateAllocation(long allocationId, String state, Instant startedAt, Instant endedAt);

  /** The workflow's allocations, oldest first. */
  List<AllocationRecord> listAllocations(long workflowId);

  /** The allocation with this Slurm job id in the workflow, if any. */
  Optional<AllocationRecord> findAllocation(long workflowId, String slurmJobId);

  /** Records a worker process that runs inside the allocation. */
  void recordWorker(long allocationId, RunnerInfo worker);

  /** The worker processes recorded for the allocation (start times are not kept). */
  List<RunnerInfo> listWorkers(long allocationId);

  /**
   * The store's ledger.
   *
   * @throws StoreException when this kind of store keeps no Slurm records (the in-memory store)
   */
  static SlurmLedger of(WorkflowStore store) {
    if (store instanceof SlurmLedger ledger) {
      return ledger;
    }
    throw new StoreException(
        "this store keeps no Slurm allocations; use a SQLite or PostgreSQL one");
  }
}
