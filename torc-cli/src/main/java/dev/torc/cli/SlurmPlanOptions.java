package dev.torc.cli;

import dev.torc.slurm.hpc.SchedulerPlanner;
import picocli.CommandLine.Option;

/** The options that shape generated Slurm schedulers, shared by slurm generate and submit-slurm. */
final class SlurmPlanOptions {
  /** How jobs are grouped, as the command line writes it. */
  enum GroupBy {
    resource_requirements,
    partition
  }

  /** How walltimes are chosen, as the command line writes it. */
  enum Walltime {
    max_job_runtime,
    max_partition_time
  }

  @Option(
      names = "--account",
      required = true,
      paramLabel = "ACCOUNT",
      description = "The Slurm account every generated scheduler charges.")
  String account;

  @Option(
      names = "--hpc-profile",
      paramLabel = "PROFILE",
      description = "The HPC profile whose partitions to use (default: the detected one).")
  String profile;

  @Option(
      names = "--single-allocation",
      description =
          "One allocation of all the nodes a group needs per scheduler, instead of several"
              + " one-node allocations.")
  boolean singleAllocation;

  @Option(
      names = "--group-by",
      paramLabel = "STRATEGY",
      converter = GroupByConverter.class,
      description =
          "Group jobs into schedulers by resource-requirements or partition (default:"
              + " resource-requirements).")
  GroupBy groupBy = GroupBy.resource_requirements;

  @Option(
      names = "--walltime-strategy",
      paramLabel = "STRATEGY",
      converter = WalltimeConverter.class,
      description =
          "max-job-runtime: the group's longest runtime times --walltime-multiplier, capped by the"
              + " partition; max-partition-time: the partition's longest (default:"
              + " max-job-runtime).")
  Walltime walltime = Walltime.max_job_runtime;

  @Option(
      names = "--walltime-multiplier",
      paramLabel = "X",
      description = "Factor on the longest job runtime (default: ${DEFAULT-VALUE}).",
      defaultValue = "1.5")
  double multiplier;

  SchedulerPlanner.Options toOptions(boolean addActions) {
    return new SchedulerPlanner.Options(
        account,
        groupBy == GroupBy.partition
            ? SchedulerPlanner.GroupBy.PARTITION
            : SchedulerPlanner.GroupBy.RESOURCE_REQUIREMENTS,
        walltime == Walltime.max_partition_time
            ? SchedulerPlanner.WalltimeStrategy.MAX_PARTITION_TIME
            : SchedulerPlanner.WalltimeStrategy.MAX_JOB_RUNTIME,
        multiplier,
        addActions,
        singleAllocation);
  }

  /** Takes resource-requirements or resource_requirements. */
  static final class GroupByConverter implements picocli.CommandLine.ITypeConverter<GroupBy> {
    @Override
    public GroupBy convert(String value) {
      return GroupBy.valueOf(value.replace('-', '_').toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** Takes max-job-runtime or max_job_runtime. */
  static final class WalltimeConverter implements picocli.CommandLine.ITypeConverter<Walltime> {
    @Override
    public Walltime convert(String value) {
      return Walltime.valueOf(value.replace('-', '_').toLowerCase(java.util.Locale.ROOT));
    }
  }
}
