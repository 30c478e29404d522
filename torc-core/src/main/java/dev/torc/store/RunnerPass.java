package dev.torc.store;

import java.util.List;

/**
 * What one {@link WorkflowStore#completeAndStart} pass claimed: the jobs, now {@code running}, and
 * the workflow's run they run in.
 *
 * @param runId the workflow's current run; meaningful only when {@code started} is not empty
 * @param started the claimed jobs, in the order they were picked, as they were when claimed
 */
public record RunnerPass(int runId, List<JobRecord> started) {
  /** A pass that started nothing. */
  public static final RunnerPass NOTHING = new RunnerPass(0, List.of());

  /**
   * Copies the claimed jobs.
   *
   * @param runId the workflow's current run; meaningful only when {@code started} is not empty
   * @param started the claimed jobs, in the order they were picked, as they were when claimed
   */
  public RunnerPass {
    started = List.copyOf(started);
  }
}
