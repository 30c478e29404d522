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
   * @param workflowId the workflow
   * @param scheduler the configuration
   * @return the stored configuration, with its id
   * @throws StoreException when there is no such workflow or it has one of that name already
   */
  SlurmSchedulerRecord addSlurmScheduler(long workflowId, SlurmScheduler scheduler);

  /**
   * The scheduler configuration with this id.
   *
   * @param schedulerId the configuration's id
   * @return the configuration, or empty when there is none
   */
  Optional<SlurmSchedulerRecord> findSlurmScheduler(long schedulerId);

  /**
   * The workflow's scheduler configurations.
   *
   * @param workflowId the workflow
   * @return the configurations in the order they were added
   */
  List<SlurmSchedulerRecord> listSlurmSchedulerRecords(long workflowId);

  /**
   * Replaces a scheduler configuration, its name included.
   *
   * @param schedulerId the configuration's id
   * @param scheduler the new configuration
   * @return the stored configuration
   * @throws StoreException when there is no such configuration, or the new name is taken
   */
  SlurmSchedulerRecord updateSlurmScheduler(long schedulerId, SlurmScheduler scheduler);

  /**
   * Makes the named scheduler the one of these jobs of the workflow (their {@code scheduler}), as
   * after schedulers were regenerated for them.
   *
   * @param workflowId the workflow
   * @param jobIds the jobs
   * @param schedulerName the name of one of the workflow's schedulers
   * @return how many of the jobs were the workflow's
   * @throws StoreException when the workflow has no scheduler of that name
   */
  int assignSlurmScheduler(long workflowId, Collection<Long> jobIds, String schedulerName);

  /**
   * Deletes a scheduler configuration.
   *
   * @param schedulerId the configuration's id
   * @return false when there was none
   */
  boolean deleteSlurmScheduler(long schedulerId);

  /**
   * Records an allocation that Slurm accepted, in state {@code PENDING}.
   *
   * @param workflowId the workflow its workers run
   * @param schedulerId the scheduler configuration it was submitted with, or {@code null}
   * @param schedulerName that configuration's name
   * @param slurmJobId Slurm's job id
   * @param numNodes the nodes it asked for
   * @return the stored allocation
   * @throws StoreException when there is no such workflow
   */
  AllocationRecord recordAllocation(
      long workflowId, Long schedulerId, String schedulerName, String slurmJobId, int numNodes);

  /**
   * Records what Slurm says of an allocation now.
   *
   * @param allocationId the allocation record's id
   * @param state Slurm's job state, such as {@code RUNNING}
   * @param startedAt when it started, or {@code null} to keep what is recorded
   * @param endedAt when it ended, or {@code null} to keep what is recorded (times are never set
   *     back)
   */
  void updateAllocation(long allocationId, String state, Instant startedAt, Instant endedAt);

  /**
   * The workflow's allocations.
   *
   * @param workflowId the workflow
   * @return the allocations, oldest first
   */
  List<AllocationRecord> listAllocations(long workflowId);

  /**
   * The allocation with this Slurm job id in the workflow.
   *
   * @param workflowId the workflow
   * @param slurmJobId Slurm's job id
   * @return the allocation, or empty when the workflow has none with that id
   */
  Optional<AllocationRecord> findAllocation(long workflowId, String slurmJobId);

  /**
   * Records a worker process that runs inside the allocation.
   *
   * @param allocationId the allocation record's id
   * @param worker the worker's host and process
   */
  void recordWorker(long allocationId, RunnerInfo worker);

  /**
   * The worker processes recorded for the allocation.
   *
   * @param allocationId the allocation record's id
   * @return the workers (start times are not kept)
   */
  List<RunnerInfo> listWorkers(long allocationId);

  /**
   * The store's ledger.
   *
   * @param store a store
   * @return the store itself, as a ledger
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
