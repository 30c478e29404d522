package dev.torc.run;

import dev.torc.diagnosis.JobLogs;
import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowRecord;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

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
   * The gate the runner asks before it launches a job of this workflow; {@link LaunchGate#NONE}
   * unless the policy holds launches (as an open circuit breaker does).
   */
  default LaunchGate launchGate(WorkflowStore store, long workflowId) {
    return LaunchGate.NONE;
  }

  /**
   * The workflow's failure handlers, without analysis: the job's handler picks the rule for the
   * exit code (a rule listing the code wins over {@code match_all_exit_codes}; among equals the
   * first); a matching rule retries the job after its recovery script while {@link
   * dev.torc.model.FailureRule#allowsRetryAfter} allows, and fails it after that. A failure no rule
   * matches, or of a job without a handler, awaits classification when the workflow has {@code
   * use_pending_failed}, and fails otherwise. {@code torc-recovery}'s {@code
   * RecoveryFailurePolicy.standard()} decides the same, through its policy chain.
   */
  static FailurePolicy standard() {
    return failure -> {
      JobRecord job = failure.job();
      int code = failure.result().returnCode();
      if (job.failureHandler() != null) {
        Optional<FailureHandler> handler =
            failure.store().listFailureHandlers(job.workflowId()).stream()
                .filter(h -> h.name().equals(job.failureHandler()))
                .findFirst();
        Optional<FailureRule> rule = handler.flatMap(h -> h.ruleFor(code));
        if (rule.isPresent()) {
          FailureRule r = rule.get();
          String which =
              "failure handler "
                  + job.failureHandler()
                  + (r.namesExitCode(code)
                      ? " rule for exit code " + code
                      : " catch-all rule (exit code " + code + ")");
          int attempt = failure.result().attemptId();
          return r.allowsRetryAfter(attempt)
              ? FailureDecision.retryAfter(
                  r.recoveryScript(),
                  which + ": retry " + attempt + " of max_retries " + r.maxRetries())
              : FailureDecision.fail(
                  which + ": max_retries " + r.maxRetries() + " used up after attempt " + attempt);
        }
      }
      String why =
          job.failureHandler() == null
              ? "the job failed with return code " + code + " and has no failure handler"
              : "no rule of failure handler "
                  + job.failureHandler()
                  + " matches return code "
                  + code;
      return failure.workflow().usePendingFailed()
          ? FailureDecision.awaitClassification(why)
          : FailureDecision.fail(why);
    };
  }
}
