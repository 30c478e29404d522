package dev.torc.recovery.workflow;

import dev.torc.model.JobStatus;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.CauseBudgets;
import dev.torc.run.PendingFailures;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies a workflow's jobs awaiting classification ({@code pending_failed}) by rules, as {@code
 * torc run --classify rules} and {@code torc watch --classify rules} do after each run. Each job's
 * verdict is its latest attempt's failure record ({@link FailureDiagnosis}, the same record {@code
 * recover} and {@code watch} act on): transient, preempted and node failures retry while their
 * cause's budget lasts ({@link RetryBudgets}, counted from the durable history, so it holds across
 * runs, passes and restarts); permanent failures fail; a job whose budget is used up or whose
 * failure handler stopped it, and out-of-memory, timed-out and unknown failures, stay for workflow
 * recovery, a person or an agent. Every decision goes to the event log with its reason ({@link
 * PendingFailures}, actor {@value #ACTOR}).
 */
public final class RuleClassification {
  private static final Logger LOG = LoggerFactory.getLogger(RuleClassification.class);

  /** Who the event log says classified the jobs. */
  public static final String ACTOR = "rules";

  private static final Set<FailureCause> RETRIED =
      EnumSet.of(FailureCause.TRANSIENT, FailureCause.PREEMPTED, FailureCause.NODE_FAIL);

  private RuleClassification() {}

  /**
   * Classifies and resolves the workflow's pending_failed jobs with the default budgets ({@link
   * RetryBudgets#DEFAULT}).
   *
   * @param outputDir where the runner wrote the attempts' logs, read for attempts without a failure
   *     record; {@code null} to judge those without their logs
   * @return the resolutions applied; empty when no job could be classified
   * @param store the store
   * @param workflowId the workflow
   */
  public static List<PendingFailures.Resolution> classifyPending(
      WorkflowStore store, long workflowId, Path outputDir) {
    return classifyPending(store, workflowId, outputDir, RetryBudgets.DEFAULT);
  }

  /**
   * As {@link #classifyPending(WorkflowStore, long, Path)} with these budgets.
   *
   * @param store the store
   * @param workflowId the workflow
   * @param outputDir the runner's output directory, where the attempts' logs are
   * @param budgets retries per cause
   * @return what was classified
   */
  public static List<PendingFailures.Resolution> classifyPending(
      WorkflowStore store, long workflowId, Path outputDir, CauseBudgets.Config budgets) {
    List<PendingFailures.Resolution> resolutions = decide(store, workflowId, outputDir, budgets);
    if (!resolutions.isEmpty()) {
      PendingFailures.resolve(store, workflowId, resolutions, ACTOR, false);
    }
    return resolutions;
  }

  /**
   * What the rules decide for the pending_failed jobs, changing nothing.
   *
   * @param store the store
   * @param workflowId the workflow
   * @param outputDir the runner's output directory, where the attempts' logs are
   * @param budgets retries per cause
   * @return what the rules decide for the pending_failed jobs, changing nothing
   */
  public static List<PendingFailures.Resolution> decide(
      WorkflowStore store, long workflowId, Path outputDir, CauseBudgets.Config budgets) {
    List<FailedJob> pending =
        FailureDiagnosis.of(store, workflowId, outputDir, Set.of(JobStatus.PENDING_FAILED));
    if (pending.isEmpty()) {
      return List.of();
    }
    RetryBudgets history = RetryBudgets.load(store, workflowId, budgets);
    List<PendingFailures.Resolution> resolutions = new ArrayList<>();
    for (FailedJob job : pending) {
      FailureCause cause = job.cause();
      String because = cause.label() + " failure: " + job.evidence();
      if (cause == FailureCause.PERMANENT) {
        resolutions.add(resolution(job, PendingFailures.Action.FAIL, because));
      } else if (RETRIED.contains(cause)) {
        Optional<String> refusal = history.refusal(job);
        if (refusal.isPresent()) {
          // Rules stop here: the job waits for a person or an agent (or a recovery pass).
          LOG.info("job {} stays pending_failed: {}", job.job().id(), refusal.get());
        } else {
          resolutions.add(
              resolution(
                  job,
                  PendingFailures.Action.RETRY,
                  because + " (retry " + (history.used(job, cause) + 1) + " for this cause)"));
        }
      }
    }
    return resolutions;
  }

  private static PendingFailures.Resolution resolution(
      FailedJob job, PendingFailures.Action action, String reason) {
    return new PendingFailures.Resolution(job.job().id(), action, null, null, reason);
  }
}
