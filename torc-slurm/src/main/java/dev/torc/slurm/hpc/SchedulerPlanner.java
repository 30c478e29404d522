package dev.torc.slurm.hpc;

import dev.torc.model.JobSpec;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.Workflow;
import dev.torc.model.WorkflowAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plans the Slurm allocations of a workflow on an HPC profile, as {@code torc slurm generate} and
 * {@code torc submit-slurm} do: jobs are grouped by resource requirements (or by partition) and by
 * whether they wait for other jobs; each group gets a scheduler on the smallest partition that fits
 * its largest job, with a walltime of its longest runtime times the multiplier (capped by the
 * partition) or the partition's longest, the node's memory, GPUs as GRES, and enough allocations
 * for its jobs (jobs that fit on a node at once, times how often the walltime holds the longest
 * runtime); and (unless asked not to) a {@code schedule_nodes} action: on {@code on_workflow_start}
 * for jobs that wait for nothing, on {@code on_jobs_ready} of the group's jobs for the others. The
 * workflow's own Slurm schedulers and {@code schedule_nodes} actions are replaced; other actions
 * are kept. Pure: no Slurm command runs.
 */
public final class SchedulerPlanner {

  /** How jobs are grouped into schedulers. */
  public enum GroupBy {
    /** One scheduler per resource requirements the jobs name. */
    RESOURCE_REQUIREMENTS,
    /** One scheduler per partition the jobs fit best. */
    PARTITION
  }

  /** How an allocation's walltime is chosen. */
  public enum WalltimeStrategy {
    /** The group's longest job runtime times the multiplier, capped by the partition. */
    MAX_JOB_RUNTIME,
    /** The partition's longest walltime. */
    MAX_PARTITION_TIME
  }

  /**
   * What to generate.
   *
   * @param account the Slurm account every scheduler charges
   * @param groupBy how jobs are grouped
   * @param walltimeStrategy how walltimes are chosen
   * @param walltimeMultiplier the factor on the longest runtime (above 0)
   * @param addActions whether to add {@code schedule_nodes} actions
   * @param singleAllocation whether each scheduler asks for one allocation of all its nodes rather
   *     than several one-node allocations
   */
  public record Options(
      String account,
      GroupBy groupBy,
      WalltimeStrategy walltimeStrategy,
      double walltimeMultiplier,
      boolean addActions,
      boolean singleAllocation) {
    /**
     * Checks the values.
     *
     * @param account the Slurm account every scheduler charges
     * @param groupBy how jobs are grouped
     * @param walltimeStrategy how walltimes are chosen
     * @param walltimeMultiplier the factor on the longest runtime (above 0)
     * @param addActions whether to add {@code schedule_nodes} actions
     * @param singleAllocation whether each scheduler asks for one allocation of all its nodes
     *     rather than several one-node allocations
     */
    public Options {
      if (account == null || account.isBlank()) {
        throw new IllegalArgumentException("an account is needed (--account)");
      }
      Objects.requireNonNull(groupBy, "groupBy");
      Objects.requireNonNull(walltimeStrategy, "walltimeStrategy");
      if (!(walltimeMultiplier > 0) || Double.isInfinite(walltimeMultiplier)) {
        throw new IllegalArgumentException(
            "the walltime multiplier must be above 0, not " + walltimeMultiplier);
      }
    }

    /**
     * Grouped by resource requirements, 1.5 times the longest runtime, with actions.
     *
     * @param account the Slurm account every scheduler charges
     * @return the options
     */
    public static Options defaults(String account) {
      return new Options(
          account,
          GroupBy.RESOURCE_REQUIREMENTS,
          WalltimeStrategy.MAX_JOB_RUNTIME,
          1.5,
          true,
          false);
    }
  }

  /** One group of jobs and the scheduler planned for it. */
  private static final class Group {
    final String key;
    final boolean waits;
    final HpcPartition partition;
    final List<JobSpec> jobs = new ArrayList<>();
    int maxCpus;
    long maxMemory;
    int maxGpus;
    int maxNodes = 1;
    Duration maxRuntime = Duration.ZERO;

    Group(String key, boolean waits, HpcPartition partition) {
      this.key = key;
      this.waits = waits;
      this.partition = partition;
    }

    void add(JobSpec job, ResourceRequirements rr) {
      jobs.add(job);
      maxCpus = Math.max(maxCpus, rr.numCpus());
      maxMemory = Math.max(maxMemory, rr.memory().bytes());
      maxGpus = Math.max(maxGpus, rr.numGpus());
      maxNodes = Math.max(maxNodes, rr.numNodes());
      if (rr.runtime().compareTo(maxRuntime) > 0) {
        maxRuntime = rr.runtime();
      }
    }
  }

  private SchedulerPlanner() {}

  /**
   * The workflow with generated schedulers and actions, its jobs assigned to them.
   *
   * @throws IllegalArgumentException listing, one per line, each job that fits no partition with
   *     the limit it exceeds
   * @param workflow the workflow to plan for
   * @param profile the HPC system it runs on
   * @param options how to plan
   * @return the planned workflow
   */
  public static Workflow plan(Workflow workflow, HpcProfile profile, Options options) {
    Map<String, Group> groups = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (JobSpec job : workflow.jobs()) {
      ResourceRequirements rr = workflow.requirementsOf(job);
      HpcPartition partition = profile.smallestFit(rr, rr.runtime()).orElse(null);
      if (partition == null) {
        problems.add(
            "job '"
                + job.name()
                + "' (resource requirements '"
                + rr.name()
                + "') fits no partition of HPC profile "
                + profile.name()
                + ": "
                + profile.whyNothingFits(rr, rr.runtime()));
        continue;
      }
      boolean waits = !job.dependsOn().isEmpty();
      String base = options.groupBy() == GroupBy.PARTITION ? partition.name() : sanitize(rr.name());
      String key = waits ? base + "_deferred" : base;
      groups.computeIfAbsent(key, k -> new Group(base, waits, partition)).add(job, rr);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    Map<String, String> schedulerOfJob = new LinkedHashMap<>();
    List<SlurmScheduler> schedulers = new ArrayList<>();
    List<WorkflowAction> actions = new ArrayList<>();
    for (Map.Entry<String, Group> entry : groups.entrySet()) {
      Group g = entry.getValue();
      HpcPartition p = g.partition;
      // With groups by partition, the largest job of the group decides, so check it still fits.
      String name = entry.getKey() + "_scheduler";
      int allocationNodes = nodesNeeded(g, p);
      int nodesPerAllocation = options.singleAllocation() ? allocationNodes : g.maxNodes;
      int allocations =
          options.singleAllocation() ? 1 : Math.max(1, allocationNodes / Math.max(1, g.maxNodes));
      nodesPerAllocation = Math.max(nodesPerAllocation, p.minNodes());
      schedulers.add(
          new SlurmScheduler(
              name,
              options.account(),
              p.name(),
              nodesPerAllocation,
              SlurmTimes.format(walltime(g, p, options)),
              p.memoryMb() >= 1024 ? (p.memoryMb() / 1024) + "g" : p.memoryMb() + "m",
              g.maxGpus > 0 ? "gpu:" + g.maxGpus : null,
              null,
              null,
              null,
              null));
      for (JobSpec job : g.jobs) {
        schedulerOfJob.put(job.name(), name);
      }
      if (options.addActions()) {
        WorkflowAction action =
            WorkflowAction.scheduleNodes(
                    g.waits
                        ? WorkflowAction.Trigger.ON_JOBS_READY
                        : WorkflowAction.Trigger.ON_WORKFLOW_START,
                    "slurm",
                    name,
                    allocations)
                .withWorkers(nodesPerAllocation > 1, null);
        if (g.waits) {
          action = action.onJobs(g.jobs.stream().map(JobSpec::name).toList(), List.of());
        }
        actions.add(action);
      }
    }
    return rebuild(workflow, schedulers, actions, schedulerOfJob);
  }

  /**
   * The nodes a group needs: its jobs over those one node runs in one walltime (jobs at once on a
   * node, by CPUs, memory and GPUs, times how often the walltime holds the longest runtime), times
   * the nodes each job asks for.
   */
  private static int nodesNeeded(Group g, HpcPartition p) {
    long byCpu = p.cpusPerNode() / Math.max(1, g.maxCpus);
    long byMemory = g.maxMemory == 0 ? Long.MAX_VALUE : p.memoryBytes() / g.maxMemory;
    long byGpu = g.maxGpus == 0 ? Long.MAX_VALUE : p.gpusPerNode() / g.maxGpus;
    long atOnce = Math.max(1, Math.min(byCpu, Math.min(byMemory, byGpu)));
    long slots =
        g.maxRuntime.isZero()
            ? 1
            : Math.max(1, p.maxWalltime().toSeconds() / Math.max(1, g.maxRuntime.toSeconds()));
    long perAllocation = atOnce * slots;
    long nodes = ((g.jobs.size() + perAllocation - 1) / perAllocation) * g.maxNodes;
    return (int) Math.max(1, Math.min(nodes, Integer.MAX_VALUE));
  }

  private static Duration walltime(Group g, HpcPartition p, Options options) {
    if (options.walltimeStrategy() == WalltimeStrategy.MAX_PARTITION_TIME
        || g.maxRuntime.isZero()) {
      return p.maxWalltime();
    }
    long seconds = (long) Math.ceil(g.maxRuntime.toSeconds() * options.walltimeMultiplier());
    Duration scaled = Duration.ofSeconds(seconds);
    return scaled.compareTo(p.maxWalltime()) > 0 ? p.maxWalltime() : scaled;
  }

  private static String sanitize(String name) {
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private static Workflow rebuild(
      Workflow w,
      List<SlurmScheduler> schedulers,
      List<WorkflowAction> actions,
      Map<String, String> schedulerOfJob) {
    Workflow.Builder b =
        Workflow.builder(w.name())
            .user(w.user())
            .description(w.description())
            .project(w.project())
            .metadata(w.metadata())
            .slurmDefaults(w.slurmDefaults())
            .resourceMonitor(w.resourceMonitor())
            .usePendingFailed(w.usePendingFailed())
            .jobsSortMethod(w.jobsSortMethod())
            .recoveryConfig(w.recoveryConfig());
    w.parameters().forEach(b::parameter);
    w.files().forEach(b::file);
    w.userData().forEach(b::userData);
    w.resourceRequirements().forEach(b::resourceRequirements);
    w.failureHandlers().forEach(b::failureHandler);
    schedulers.forEach(b::slurmScheduler);
    for (JobSpec job : w.jobs()) {
      b.job(job.toBuilder().scheduler(schedulerOfJob.get(job.name())).build());
    }
    for (WorkflowAction action : w.actions()) {
      if (action.type() != WorkflowAction.Type.SCHEDULE_NODES) {
        b.action(action);
      }
    }
    actions.forEach(b::action);
    return b.build();
  }
}
