package dev.torc.store;

import java.util.List;

/**
 * What one {@link WorkflowStore#runnerPass} claimed: the jobs, now {@code pending} under the runner
 * with their attempts' references recorded, and the workflow's run they run in.
 *
 * @param runId the workflow's current run; meaningful only when {@code claimed} is not empty
 * @param claimed the claimed jobs, in the order they were picked, as they were when claimed
 */
public record RunnerPass(int runId, List<JobRecord> claimed) {
  /** A pass that claimed nothing. */
  public static final RunnerPass NOTHING = new RunnerPass(0, List.of());

  /**
   * Copies the claimed jobs.
   *
   * @param runId the workflow's current run; meaningful only when {@code claimed} is not empty
   * @param claimed the claimed jobs, in the order they were picked, as they were when claimed
   */
  public RunnerPass {
    claimed = List.copyOf(claimed);
  }
}
