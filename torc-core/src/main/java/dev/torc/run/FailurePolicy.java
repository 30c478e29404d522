package dev.torc.run;

import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowRecord;

/** Decides what a failed or terminated attempt leads to. The recovery layer plugs in here. */
@FunctionalInterface
public interface FailurePolicy {

  /** What becomes of a job after a failed attempt. */
  enum Decision {
    /** The job ends failed (or terminated), with the cancel cascade. */
    FAIL,
    /** The job waits in {@code pending_failed} for a person, a rule or an agent. */
    AWAIT_CLASSIFICATION,
    /** The job runs again as its next attempt. */
    RETRY
  }

  Decision decide(WorkflowRecord workflow, JobRecord job, JobResult failedAttempt);

  /**
   * Fails the job, except that with {@code use_pending_failed} a job without a failure handler
   * awaits classification.
   */
  static FailurePolicy standard() {
    return (workflow, job, attempt) ->
        workflow.usePendingFailed() && job.failureHandler() == null
            ? Decision.AWAIT_CLASSIFICATION
            : Decision.FAIL;
  }
}
