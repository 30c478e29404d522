package dev.torc.recovery.workflow;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.CauseBudgets;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a failed job may run again, judged from the durable history in the store, so the answer
 * holds across runs, watch passes and restarts: a job whose failure handler matched its exit code
 * was stopped by the handler (its {@code max_retries} were used up, or its recovery script failed)
 * and is never retried by a later layer; and each job has a retry budget per cause, counted from
 * the failure records of its earlier attempts (all runs) with the same cause.
 *
 * <p>A snapshot of the store when loaded; immutable and thread-safe.
 */
public final class RetryBudgets {

  /** Three retries for each cause but permanent (none). */
  public static final CauseBudgets.Config DEFAULT =
      new CauseBudgets.Config(
          Map.of(
              FailureCause.TRANSIENT, 3,
              FailureCause.OOM, 3,
              FailureCause.TIMEOUT, 3,
              FailureCause.PREEMPTED, 3,
              FailureCause.NODE_FAIL, 3,
              FailureCause.UNKNOWN, 3,
              FailureCause.PERMANENT, 0));

  private final CauseBudgets.Config config;
  private final Map<Long, List<FailureInfo>> records;
  private final Map<String, FailureHandler> handlers;
  private final WorkflowStore store;

  private RetryBudgets(
      CauseBudgets.Config config,
      Map<Long, List<FailureInfo>> records,
      Map<String, FailureHandler> handlers,
      WorkflowStore store) {
    this.config = config;
    this.records = records;
    this.handlers = handlers;
    this.store = store;
  }

  /**
   * The workflow's history as the store holds it now, judged with these budgets.
   *
   * @param store the store
   * @param workflowId the workflow
   * @param config the configuration
   * @return the workflow's history as the store holds it now, judged with these budgets
   */
  public static RetryBudgets load(
      WorkflowStore store, long workflowId, CauseBudgets.Config config) {
    Map<Long, List<FailureInfo>> byJob = new HashMap<>();
    for (FailureInfo f : store.listFailureRecords(workflowId)) {
      byJob.computeIfAbsent(f.jobId(), id -> new ArrayList<>()).add(f);
    }
    Map<String, FailureHandler> handlers = new HashMap<>();
    for (FailureHandler h : store.listFailureHandlers(workflowId)) {
      handlers.put(h.name(), h);
    }
    return new RetryBudgets(Objects.requireNonNull(config, "config"), byJob, handlers, store);
  }

  /**
   * How many earlier attempts of the job (all runs) failed with this cause.
   *
   * @param job the job
   * @param cause the failure cause
   * @return how many earlier attempts of the job (all runs) failed with this cause
   */
  public int used(FailedJob job, FailureCause cause) {
    JobResult current = job.result();
    int used = 0;
    for (FailureInfo f : records.getOrDefault(job.job().id(), List.of())) {
      boolean isCurrent =
          current != null && f.runId() == current.runId() && f.attemptId() == current.attemptId();
      if (!isCurrent && f.cause().toUpperCase(Locale.ROOT).equals(cause.name())) {
        used++;
      }
    }
    return used;
  }

  /**
   * Why the job must not run again, or empty when it may: its failure handler stopped it, its
   * failure is permanent, or the retries its cause allows are used up.
   *
   * @param job the job
   * @return why the job must not run again, or empty when it may: its failure handler stopped it,
   *     its failure is permanent, or the retries its cause allows are used up
   */
  public Optional<String> refusal(FailedJob job) {
    Optional<String> handler = stoppedByHandler(job);
    if (handler.isPresent()) {
      return handler;
    }
    FailureCause cause = job.cause();
    if (cause == FailureCause.PERMANENT) {
      return Optional.of("permanent failure, never retried (" + job.evidence() + ")");
    }
    Integer budget = config.budgets().get(cause);
    if (budget == null) {
      return Optional.empty();
    }
    int used = used(job, cause);
    return used < budget
        ? Optional.empty()
        : Optional.of(
            "retry budget for "
                + cause.label()
                + " failures used up: "
                + used
                + " of "
                + budget
                + " retries ("
                + job.evidence()
                + ")");
  }

  /**
   * Why the job's failure handler stopped it, or empty when no rule of it matched the attempt.
   *
   * @param job the job
   * @return why the job's failure handler stopped it, or empty when no rule of it matched the
   *     attempt
   */
  public Optional<String> stoppedByHandler(FailedJob job) {
    String name = job.job().failureHandler();
    JobResult result = job.result();
    if (name == null || result == null || !handlers.containsKey(name)) {
      return Optional.empty();
    }
    int code = result.returnCode();
    Optional<FailureRule> rule = handlers.get(name).ruleFor(code);
    if (rule.isEmpty()) {
      return Optional.empty();
    }
    FailureRule r = rule.get();
    int attempt = result.countedAttemptId(store.listJobResults(job.job().id()));
    return Optional.of(
        "stopped by failure handler "
            + name
            + " (exit code "
            + code
            + "): "
            + (r.allowsRetryAfter(attempt)
                ? "its recovery could not run the job again"
                : "max_retries " + r.maxRetries() + " used up after attempt " + attempt)
            + "; only a person or an agent may retry it");
  }
}
