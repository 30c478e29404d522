package dev.torc.recovery.policy;

import dev.torc.model.FailureHandler;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.run.Decision;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link RecoveryPolicy} may read when it decides about a failed attempt. The history
 * comes from the store, not from memory, so a runner that restarts makes the same decisions.
 *
 * @param usePendingFailed whether the workflow sends unhandled failures to {@code pending_failed}
 * @param job the job as stored when the attempt ended, with its failure handler's name and the
 *     requirements the attempt ran with
 * @param attempt the failed attempt's result
 * @param failure the analysis of the failed attempt
 * @param history the job's earlier failed attempts in the same run (attempt ids below the failed
 *     one), oldest first
 * @param handler the job's failure handler, or {@code null} when it has none
 * @param now the current time, from the runner's (possibly virtual) clock
 * @param state durable state shared by the policies, such as circuit breakers
 */
public record FailureContext(
    boolean usePendingFailed,
    JobRecord job,
    JobResult attempt,
    FailureRecord failure,
    List<FailureRecord> history,
    FailureHandler handler,
    Instant now,
    PolicyState state) {

  /**
   * Checks that the attempt, its analysis and the history are of the job, and sorts the history.
   *
   * @param usePendingFailed whether the workflow sends unhandled failures to {@code pending_failed}
   * @param job the job as claimed for the failed attempt
   * @param attempt the failed attempt's result
   * @param failure the failed attempt's failure record
   * @param history the job's earlier failures of the run
   * @param handler the job's failure handler, or {@code null}
   * @param now the time of the decision
   * @param state durable state shared by the policies
   */
  public FailureContext {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(attempt, "attempt");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(state, "state");
    if (attempt.jobId() != job.id() || failure.jobId() != job.id()) {
      throw new IllegalArgumentException("the attempt and its analysis must be of job " + job.id());
    }
    if (failure.attemptId() != attempt.attemptId()) {
      throw new IllegalArgumentException(
          "analysis of attempt "
              + failure.attemptId()
              + " given for attempt "
              + attempt.attemptId());
    }
    List<FailureRecord> sorted = new ArrayList<>(Objects.requireNonNullElse(history, List.of()));
    sorted.sort(Comparator.comparingInt(FailureRecord::attemptId));
    for (FailureRecord earlier : sorted) {
      if (earlier.jobId() != job.id() || earlier.attemptId() >= attempt.attemptId()) {
        throw new IllegalArgumentException(
            "history must hold earlier attempts of job "
                + job.id()
                + ", got attempt "
                + earlier.attemptId()
                + " of job "
                + earlier.jobId());
      }
    }
    history = List.copyOf(sorted);
    if (handler != null
        && job.failureHandler() != null
        && !handler.name().equals(job.failureHandler())) {
      throw new IllegalArgumentException(
          "job "
              + job.name()
              + " names failure handler "
              + job.failureHandler()
              + ", given "
              + handler.name());
    }
  }

  /**
   * What becomes of a failure no policy handled: {@code pending_failed} when the workflow uses it,
   * else failed, as the runner does without recovery policies.
   *
   * @return the decision at the end of every chain
   */
  public Decision unhandled() {
    String why = "no policy handled the failure: " + failure().evidence();
    return usePendingFailed ? Decision.awaitClassification(why) : Decision.fail(why);
  }

  /**
   * Starts a context for a failed attempt and its analysis.
   *
   * @param job the job
   * @param attempt the attempt
   * @param failure the failure
   * @return the builder
   */
  public static Builder builder(JobRecord job, JobResult attempt, FailureRecord failure) {
    return new Builder(job, attempt, failure);
  }

  /**
   * The failed attempt's id.
   *
   * @return the failed attempt's id
   */
  public int attemptId() {
    return attempt.attemptId();
  }

  /**
   * The failed attempt's number among the attempts the job itself ended in this run: attempts lost
   * with their node, allocation or runner ({@link JobResult#LOST_RETURN_CODE}) do not count, so
   * they never use up a failure handler's {@code max_retries}.
   *
   * @return the attempt id less the earlier lost attempts in the history
   */
  public int countedAttemptId() {
    long lost = history.stream().filter(f -> f.exitCode() == JobResult.LOST_RETURN_CODE).count();
    return attemptId() - (int) lost;
  }

  /**
   * How many earlier failures in the history had this cause.
   *
   * @param cause the failure cause
   * @return how many earlier failures in the history had this cause
   */
  public long earlierFailures(FailureCause cause) {
    return history.stream().filter(f -> f.cause() == cause).count();
  }

  /**
   * This context with another analysis of the same attempt (as after a classification).
   *
   * @param newFailure the new analysis
   * @return this context with another analysis of the same attempt (as after a classification)
   */
  public FailureContext withFailure(FailureRecord newFailure) {
    return new FailureContext(
        usePendingFailed, job, attempt, newFailure, history, handler, now, state);
  }

  /** Builds a {@link FailureContext}; not thread-safe. */
  public static final class Builder {
    private final JobRecord job;
    private final JobResult attempt;
    private final FailureRecord failure;
    private boolean usePendingFailed;
    private List<FailureRecord> history = List.of();
    private FailureHandler handler;
    private Instant now;
    private PolicyState state;

    private Builder(JobRecord job, JobResult attempt, FailureRecord failure) {
      this.job = job;
      this.attempt = attempt;
      this.failure = failure;
    }

    /**
     * Takes {@code use_pending_failed} from the workflow.
     *
     * @param workflow the workflow
     * @return this builder
     */
    public Builder workflow(WorkflowRecord workflow) {
      this.usePendingFailed = workflow.usePendingFailed();
      return this;
    }

    /**
     * Whether unhandled failures go to {@code pending_failed}.
     *
     * @param use whether they do
     * @return this builder
     */
    public Builder usePendingFailed(boolean use) {
      this.usePendingFailed = use;
      return this;
    }

    /**
     * The job's earlier failures of the run.
     *
     * @param earlier the failure records, in any order
     * @return this builder
     */
    public Builder history(List<FailureRecord> earlier) {
      this.history = earlier;
      return this;
    }

    /**
     * The job's failure handler.
     *
     * @param failureHandler the handler, or {@code null} for none
     * @return this builder
     */
    public Builder handler(FailureHandler failureHandler) {
      this.handler = failureHandler;
      return this;
    }

    /**
     * The time of the decision.
     *
     * @param instant the time
     * @return this builder
     */
    public Builder now(Instant instant) {
      this.now = instant;
      return this;
    }

    /**
     * Where the policies keep durable state (default: in memory).
     *
     * @param policyState the state
     * @return this builder
     */
    public Builder state(PolicyState policyState) {
      this.state = policyState;
      return this;
    }

    /**
     * The context; the time and the state are required.
     *
     * @return the context; the time and the state are required
     */
    public FailureContext build() {
      return new FailureContext(
          usePendingFailed, job, attempt, failure, history, handler, now, state);
    }
  }
}
