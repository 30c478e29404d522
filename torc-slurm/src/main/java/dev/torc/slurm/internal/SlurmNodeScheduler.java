package dev.torc.slurm.internal;

import dev.torc.run.NodeRequest;
import dev.torc.run.NodeScheduler;
import dev.torc.slurm.Slurm;
import dev.torc.store.AllocationRecord;
import dev.torc.store.SlurmLedger;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.util.List;

/** The {@code slurm} {@link NodeScheduler}: allocations whose batch script runs torc workers. */
public final class SlurmNodeScheduler implements NodeScheduler {

  @Override
  public String type() {
    return "slurm";
  }

  @Override
  public List<String> schedule(NodeRequest request) {
    try (WorkflowStore store = Stores.open(request.databaseLocation())) {
      return Slurm.of(store).scheduleNodes(request).stream()
          .map(AllocationRecord::slurmJobId)
          .toList();
    }
  }

  @Override
  public List<String> stopWorkers(WorkflowStore store, long workflowId) {
    if (!(store instanceof SlurmLedger)
        || SlurmLedger.of(store).listAllocations(workflowId).isEmpty()) {
      return List.of();
    }
    return Slurm.of(store).cancelAllocations(workflowId);
  }

  @Override
  public int settleLostWorkers(WorkflowStore store, long workflowId) {
    if (!(store instanceof SlurmLedger)
        || SlurmLedger.of(store).listAllocations(workflowId).isEmpty()) {
      return 0;
    }
    return Slurm.of(store).syncStatus(workflowId).jobsSettled();
  }
}
