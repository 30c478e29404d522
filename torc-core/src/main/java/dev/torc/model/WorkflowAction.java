package dev.torc.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Something a workflow does when a moment of its life comes: run shell commands, or start workers
 * (Slurm allocations or runner processes on this machine). A non-persistent action fires once per
 * run of the workflow, whoever sees its trigger first; a persistent one fires once for each runner
 * that sees it.
 *
 * @param trigger when the action fires
 * @param type what it does
 * @param jobs for job triggers, the jobs it waits for, by name (other triggers accept them, as the
 *     original's examples write them, and ignore them)
 * @param jobNameRegexes for job triggers, regexes (matching whole names) of further jobs it waits
 *     for
 * @param commands for {@link Type#RUN_COMMANDS}, shell commands run one after the other
 * @param scheduler for {@link Type#SCHEDULE_NODES}, the Slurm scheduler's name, or {@code null}
 * @param schedulerType for {@link Type#SCHEDULE_NODES}, {@code slurm} or {@code local}
 * @param numAllocations for {@link Type#SCHEDULE_NODES}, how many allocations or runners to start
 * @param startOneWorkerPerNode whether a multi-node allocation starts a worker on each node
 * @param maxParallelJobs the most jobs each started worker runs at once, or {@code null}
 * @param persistent whether every runner fires the action, not only the first
 */
public record WorkflowAction(
    Trigger trigger,
    Type type,
    List<String> jobs,
    List<String> jobNameRegexes,
    List<String> commands,
    String scheduler,
    String schedulerType,
    int numAllocations,
    boolean startOneWorkerPerNode,
    Integer maxParallelJobs,
    boolean persistent) {

  /** When an action fires. */
  public enum Trigger {
    /** When the workflow is submitted or a runner starts on it. */
    ON_WORKFLOW_START,
    /** When every job of the workflow has ended. */
    ON_WORKFLOW_COMPLETE,
    /** When every selected job has become ready (none of them is blocked any more). */
    ON_JOBS_READY,
    /** When every selected job has ended. */
    ON_JOBS_COMPLETE;

    /** {@return the name a spec uses, such as {@code on_jobs_ready}} */
    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** {@return whether the trigger watches selected jobs} */
    public boolean watchesJobs() {
      return this == ON_JOBS_READY || this == ON_JOBS_COMPLETE;
    }
  }

  /** What an action does. */
  public enum Type {
    /** Runs {@link #commands()} with {@code bash -c}, one after the other. */
    RUN_COMMANDS,
    /** Starts workers through the {@code NodeScheduler} of {@link #schedulerType()}. */
    SCHEDULE_NODES;

    /** {@return the name a spec uses, such as {@code run_commands}} */
    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Checks that the fields fit the action's type: commands for {@link Type#RUN_COMMANDS}; a
   * scheduler type (by default {@code slurm}, which needs a scheduler's name) and at least one
   * allocation for {@link Type#SCHEDULE_NODES}.
   *
   * @param trigger when the action fires
   * @param type what it does
   * @param jobs for job triggers, the jobs it waits for, by name (other triggers accept them, as
   *     the original's examples write them, and ignore them)
   * @param jobNameRegexes for job triggers, regexes (matching whole names) of further jobs it waits
   *     for
   * @param commands for {@link Type#RUN_COMMANDS}, shell commands run one after the other
   * @param scheduler for {@link Type#SCHEDULE_NODES}, the Slurm scheduler's name, or {@code null}
   * @param schedulerType for {@link Type#SCHEDULE_NODES}, {@code slurm} or {@code local}
   * @param numAllocations for {@link Type#SCHEDULE_NODES}, how many allocations or runners to start
   * @param startOneWorkerPerNode whether a multi-node allocation starts a worker on each node
   * @param maxParallelJobs the most jobs each started worker runs at once, or {@code null}
   * @param persistent whether every runner fires the action, not only the first
   */
  public WorkflowAction {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(type, "type");
    jobs = List.copyOf(Objects.requireNonNullElse(jobs, List.of()));
    jobNameRegexes = List.copyOf(Objects.requireNonNullElse(jobNameRegexes, List.of()));
    commands = List.copyOf(Objects.requireNonNullElse(commands, List.of()));
    if (type == Type.RUN_COMMANDS) {
      if (commands.isEmpty()) {
        throw new IllegalArgumentException("run_commands needs at least one command");
      }
      if (scheduler != null || schedulerType != null) {
        throw new IllegalArgumentException("run_commands takes no 'scheduler' or 'scheduler_type'");
      }
    } else {
      if (!commands.isEmpty()) {
        throw new IllegalArgumentException("schedule_nodes takes no 'commands'");
      }
      schedulerType = Objects.requireNonNullElse(schedulerType, "slurm");
      if (!schedulerType.matches("[a-z][a-z0-9_-]*")) {
        throw new IllegalArgumentException(
            "scheduler_type must be a name such as slurm or local, not '" + schedulerType + "'");
      }
      if (schedulerType.equals("slurm") && scheduler == null) {
        throw new IllegalArgumentException(
            "schedule_nodes with scheduler_type slurm needs a 'scheduler' (a slurm_schedulers"
                + " name)");
      }
      if (numAllocations < 1) {
        throw new IllegalArgumentException(
            "num_allocations must be at least 1, was " + numAllocations);
      }
      if (persistent && trigger == Trigger.ON_WORKFLOW_START) {
        throw new IllegalArgumentException(
            "a persistent schedule_nodes action cannot fire on_workflow_start: every worker it"
                + " starts would start more");
      }
      if (maxParallelJobs != null && maxParallelJobs < 1) {
        throw new IllegalArgumentException(
            "max_parallel_jobs must be at least 1, was " + maxParallelJobs);
      }
    }
  }

  /**
   * An action that runs these commands when the trigger comes.
   *
   * @param trigger when the action fires
   * @param commands shell commands run one after the other, at least one
   * @return the action
   */
  public static WorkflowAction runCommands(Trigger trigger, List<String> commands) {
    return new WorkflowAction(
        trigger, Type.RUN_COMMANDS, null, null, commands, null, null, 1, false, null, false);
  }

  /**
   * An action that starts workers through a scheduler when the trigger comes.
   *
   * @param trigger when the action fires
   * @param schedulerType {@code slurm} or {@code local}
   * @param scheduler for {@code slurm}, the Slurm scheduler's name; otherwise {@code null}
   * @param count how many allocations or runners to start, at least 1
   * @return the action
   */
  public static WorkflowAction scheduleNodes(
      Trigger trigger, String schedulerType, String scheduler, int count) {
    return new WorkflowAction(
        trigger,
        Type.SCHEDULE_NODES,
        null,
        null,
        null,
        scheduler,
        schedulerType,
        count,
        false,
        null,
        false);
  }

  /**
   * The same action, waiting for these jobs and those the regexes match.
   *
   * @param jobNames the jobs' names
   * @param regexes regexes matching whole job names
   * @return the changed action
   */
  public WorkflowAction onJobs(List<String> jobNames, List<String> regexes) {
    return new WorkflowAction(
        trigger,
        type,
        jobNames,
        regexes,
        commands,
        scheduler,
        schedulerType,
        numAllocations,
        startOneWorkerPerNode,
        maxParallelJobs,
        persistent);
  }

  /**
   * The same action, persistent or not.
   *
   * @param isPersistent true when every runner fires the action, not only the first
   * @return the changed action
   */
  public WorkflowAction withPersistent(boolean isPersistent) {
    return new WorkflowAction(
        trigger,
        type,
        jobs,
        jobNameRegexes,
        commands,
        scheduler,
        schedulerType,
        numAllocations,
        startOneWorkerPerNode,
        maxParallelJobs,
        isPersistent);
  }

  /**
   * The same action with these worker options.
   *
   * @param oneWorkerPerNode whether a multi-node allocation starts a worker on each node
   * @param maxParallel the most jobs each started worker runs at once, or {@code null}
   * @return the changed action
   */
  public WorkflowAction withWorkers(boolean oneWorkerPerNode, Integer maxParallel) {
    return new WorkflowAction(
        trigger,
        type,
        jobs,
        jobNameRegexes,
        commands,
        scheduler,
        schedulerType,
        numAllocations,
        oneWorkerPerNode,
        maxParallel,
        persistent);
  }

  /**
   * {@return a short description for logs and events: {@code on_jobs_ready schedule_nodes (slurm)}}
   */
  public String describe() {
    return trigger.specName()
        + " "
        + type.specName()
        + (type == Type.SCHEDULE_NODES
            ? " (" + schedulerType + (scheduler == null ? "" : " " + scheduler) + ")"
            : "");
  }
}
