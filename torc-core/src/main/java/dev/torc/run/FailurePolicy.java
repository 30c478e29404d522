package dev.torc.run;

import dev.torc.diagnosis.JobLogs;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Decides what a failed or terminated attempt leads to. The recovery layer ({@code torc-recovery})
 * plugs in here with the workflow's failure handlers and its recovery policies.
 *
 * <p>A policy is called on the runner's thread, once per failed attempt, after the attempt's
 * process has ended and before its result is stored; it must not block for long.
 */
@FunctionalInterface
public interface FailurePolicy {

  /**
   * A failed attempt as the policy sees it.
   *
   * @param store the store, for the job's history and the workflow's failure handlers
   * @param workflow the workflow as stored now
   * @param job the job as claimed for the attempt (its requirements are those the attempt ran with)
   * @param result the attempt's result, status failed or terminated; not stored yet
   * @param outputDir the runner's output directory, where every attempt's logs are
   */
  record Failure(
      WorkflowStore store,
      WorkflowRecord workflow,
      JobRecord job,
      JobResult result,
      Path outputDir) {

    public Failure {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(workflow, "workflow");
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(outputDir, "outputDir");
    }

    /** The standard error log of the failed attempt. */
    public Path stderrLog() {
      return stderrLog(result);
    }

    /** The standard error log of any attempt of this workflow. */
    public Path stderrLog(JobResult attempt) {
      return JobLogs.stderrPath(
          outputDir, attempt.workflowId(), attempt.jobId(), attempt.runId(), attempt.attemptId());
    }
  }

  /** What becomes of the job after the failed attempt. */
  FailureDecision decide(Failure failure);

  /**
   * Fails the job, except that with {@code use_pending_failed} a job without a failure handler
   * awaits classification. It applies no failure handler: use the recovery layer's policy for
   * those.
   */
  static FailurePolicy standard() {
    return failure ->
        failure.workflow().usePendingFailed() && failure.job().failureHandler() == null
            ? FailureDecision.awaitClassification("the job failed and has no failure handler")
            : FailureDecision.fail(
                "the job failed with return code " + failure.result().returnCode());
  }
}
