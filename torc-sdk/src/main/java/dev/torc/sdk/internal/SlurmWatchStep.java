package dev.torc.sdk.internal;

import dev.torc.model.JobStatus;
import dev.torc.recovery.workflow.AutoSchedule;
import dev.torc.recovery.workflow.WorkflowDriver;
import dev.torc.run.NodeRequest;
import dev.torc.slurm.Slurm;
import dev.torc.slurm.SlurmException;
import dev.torc.slurm.SyncReport;
import dev.torc.store.AllocationRecord;
import dev.torc.store.JobRecord;
import dev.torc.store.SlurmSchedulerRecord;
import dev.torc.store.StoreException;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code torc watch} does at each poll of a workflow that uses Slurm: sync-status (jobs of
 * ended allocations settled as lost, no retry spent) and, with auto-schedule, new allocations when
 * {@link AutoSchedule} says so: one on each scheduler named by a ready job, else on the workflow's
 * newest scheduler. Slurm failing is a warning, never the end of the watch.
 */
public final class SlurmWatchStep implements WorkflowDriver {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmWatchStep.class);

  private final WorkflowStore store;
  private final Slurm slurm;
  private final AutoSchedule auto;
  private final String databaseLocation;
  private final Path outputDirectory;

  /**
   * @param auto decides when to submit, or {@code null} only to sync
   */
  public SlurmWatchStep(
      WorkflowStore store,
      Slurm slurm,
      AutoSchedule auto,
      String databaseLocation,
      Path outputDirectory) {
    this.store = store;
    this.slurm = slurm;
    this.auto = auto;
    this.databaseLocation = databaseLocation;
    this.outputDirectory = outputDirectory;
  }

  /** Whether the workflow has Slurm schedulers or allocations (false for stores without them). */
  public static boolean usesSlurm(WorkflowStore store, long workflowId) {
    try {
      Slurm slurm = Slurm.of(store);
      return !slurm.listSchedulers(workflowId).isEmpty()
          || !slurm.listAllocations(workflowId).isEmpty();
    } catch (StoreException e) {
      return false;
    }
  }

  @Override
  public void drive(long workflowId) {
    SyncReport sync;
    try {
      sync = slurm.syncStatus(workflowId);
    } catch (SlurmException e) {
      LOG.warn("sync-status of workflow {} failed, trying at the next poll: {}", workflowId, e);
      return;
    }
    if (auto == null) {
      return;
    }
    int live = (int) sync.allocations().stream().filter(AllocationRecord::live).count();
    List<JobRecord> ready = store.listJobs(workflowId, JobStatus.READY);
    int retried = (int) ready.stream().filter(j -> j.attemptId() > 1).count();
    if (!auto.shouldSubmit(live, ready.size(), retried)) {
      return;
    }
    List<SlurmSchedulerRecord> schedulers = slurm.listSchedulers(workflowId);
    if (schedulers.isEmpty()) {
      LOG.warn("workflow {} has no Slurm scheduler to auto-schedule with", workflowId);
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    for (JobRecord job : ready) {
      if (schedulers.stream().anyMatch(s -> s.scheduler().name().equals(job.scheduler()))) {
        names.add(job.scheduler());
      }
    }
    if (names.isEmpty()) {
      names.add(schedulers.get(schedulers.size() - 1).scheduler().name());
    }
    for (String name : names) {
      try {
        List<AllocationRecord> submitted =
            slurm.scheduleNodes(
                new NodeRequest(
                    databaseLocation, workflowId, name, 1, false, null, outputDirectory));
        LOG.info(
            "auto-scheduled allocation {} for workflow {} on scheduler {}",
            submitted.stream().map(AllocationRecord::slurmJobId).toList(),
            workflowId,
            name);
      } catch (SlurmException e) {
        LOG.warn("auto-schedule of workflow {} on scheduler {} failed: {}", workflowId, name, e);
      }
    }
  }
}
