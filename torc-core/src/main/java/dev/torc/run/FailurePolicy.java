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
   * @param listener the run's listeners, to tell what the policy changes (its circuit breakers)
   */
  record Failure(
      WorkflowStore store,
      WorkflowRecord workflow,
      JobRecord job,
      JobResult result,
      Path outputDir,
      JobListener listener) {

    /**
     * A failed attempt whose policy has no listener to tell.
     *
     * @param store the store
     * @param workflow the workflow as stored now
     * @param job the job as claimed for the attempt
     * @param result the attempt's result
     * @param outputDir the runner's output directory
     */
    public Failure(
        WorkflowStore store,
        WorkflowRecord workflow,
        JobRecord job,
        JobResult result,
        Path outputDir) {
      this(store, workflow, job, result, outputDir, JobListener.NONE);
    }

    /**
     * Checks that nothing but the listener is missing; no listener is {@link JobListener#NONE}.
     *
     * @param store the store, for the job's history and the workflow's failure handlers
     * @param workflow the workflow as stored now
     * @param job the job as claimed for the attempt (its requirements are those the attempt ran
     *     with)
     * @param result the attempt's result, status failed or terminated; not stored yet
     * @param outputDir the runner's output directory, where every attempt's logs are
     * @param listener the run's listeners, to tell what the policy changes (its circuit breakers)
     */
    public Failure {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(workflow, "workflow");
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(outputDir, "outputDir");
      listener = Objects.requireNonNullElse(listener, JobListener.NONE);
    }

    /**
     * The failed attempt's number among the attempts the job itself ended in this run: attempts
     * lost with their node, allocation or runner ({@link JobResult#LOST_RETURN_CODE}) do not count,
     * so they never use up a failure handler's {@code max_retries}.
     *
     * @return the attempt id less the run's earlier lost attempts of the job
     */
    public int countedAttempt() {
      return result.countedAttemptId(store.listJobResults(job.id()));
    }

    /** {@return the standard error log of the failed attempt} */
    public Path stderrLog() {
      return stderrLog(result);
    }

    /**
     * The standard error log of any attempt of this workflow.
     *
     * @param attempt the attempt's result
     * @return the log's path under the output directory
     */
    public Path stderrLog(JobResult attempt) {
      return JobLogs.stderrPath(
          outputDir, attempt.workflowId(), attempt.jobId(), attempt.runId(), attempt.attemptId());
    }
  }

  /**
   * What becomes of the job after the failed attempt.
   *
   * @param failure the failed attempt, with the store and workflow to consult
   * @return the decision
   */
  Decision decide(Failure failure);

  /**
   * The gate the runner asks before it launches a job of this workflow.
   *
   * @param store the store
   * @param workflowId the workflow
   * @return the gate; {@link LaunchGate#NONE} unless the policy holds launches (as an open circuit
   *     breaker does)
   */
  default LaunchGate launchGate(WorkflowStore store, long workflowId) {
    return LaunchGate.NONE;
  }

  /**
   * The gate the runner asks before it launches a job of this workflow, telling {@code listener}
   * what changes as it admits and releases jobs (circuit breakers going half-open and closing); by
   * default {@link #launchGate(WorkflowStore, long)}.
   *
   * @param store the store
   * @param workflowId the workflow
   * @param listener the run's listeners
   * @return the gate
   */
  default LaunchGate launchGate(WorkflowStore store, long workflowId, JobListener listener) {
    return launchGate(store, workflowId);
  }

  /**
   * The default of {@link RunOptions#builder()} and of {@code torc run}: the policy of the first
   * {@link FailurePolicyProvider} on the class path ({@code torc-recovery}'s honours everything a
   * workflow declares: failure handlers, fallback commands, backoff, budgets and circuit breaker),
   * else {@link #standard()}.
   *
   * @return the policy
   */
  static FailurePolicy configured() {
    return dev.torc.run.internal.DefaultPolicies.configured();
  }

  /**
   * The workflow's failure handlers, without analysis: the job's handler picks the rule for the
   * exit code (a rule listing the code wins over {@code match_all_exit_codes}; among equals the
   * first); a matching rule retries the job after its recovery script while {@link
   * dev.torc.model.FailureRule#allowsRetryAfter} allows, and fails it after that. A failure no rule
   * matches, or of a job without a handler, awaits classification when the workflow has {@code
   * use_pending_failed}, and fails otherwise. {@code torc-recovery}'s {@code
   * RecoveryFailurePolicy.standard()} decides the same, through its policy chain. A runner with
   * this policy refuses a workflow that declares fallback commands or a recovery policy, which it
   * would ignore.
   *
   * @return the standard policy
   */
  static FailurePolicy standard() {
    return dev.torc.run.internal.DefaultPolicies.STANDARD;
  }
}
