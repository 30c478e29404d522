package dev.torc.recovery.workflow;

import dev.torc.model.JobStatus;
import java.util.List;
import java.util.Map;

/** Hears what a {@link WorkflowWatch} sees and does; every method does nothing by default. */
public interface WatchListener {

  /**
   * A round of watching starts (the first, and again after each recovery pass).
   *
   * @param workflowId the workflow
   */
  default void watching(long workflowId) {}

  /**
   * A poll while the workflow runs, with the job counts when they were asked for, else empty.
   *
   * @param workflowId the workflow
   * @param counts the counts so far
   */
  default void polled(long workflowId, Map<JobStatus, Integer> counts) {}

  /**
   * The workflow has nothing left to run; the counts by status.
   *
   * @param workflowId the workflow
   * @param counts the counts so far
   */
  default void complete(long workflowId, Map<JobStatus, Integer> counts) {}

  /**
   * Jobs that completed with headroom after a memory kill got their requirements from their
   * measured peaks ({@link WorkflowRecovery#rightSize}); heard before {@link #complete}.
   *
   * @param workflowId the workflow
   * @param jobs the jobs
   */
  default void rightSized(long workflowId, List<RightSized> jobs) {}

  /**
   * A recovery pass starts: the attempt number (from 1) and the limit.
   *
   * @param workflowId the workflow
   * @param attempt the attempt
   * @param maxRetries at most this many retries
   */
  default void recovering(long workflowId, int attempt, int maxRetries) {}

  /**
   * A recovery pass has ended.
   *
   * @param report the report
   */
  default void recovered(RecoveryReport report) {}
}
