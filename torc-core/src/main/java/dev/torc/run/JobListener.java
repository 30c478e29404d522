package dev.torc.run;

import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.time.Instant;

/**
 * Told, as typed calls, about what the workflow's event log records of a run: each attempt's start
 * and end, the failure policy's decision about each failed attempt, the retries it schedules and
 * the jobs it leaves awaiting classification, and the circuit breakers of the recovery policies as
 * they open, go half-open and close. Called from the runner's thread: keep each call short.
 */
public interface JobListener {

  /** A listener that ignores everything. */
  JobListener NONE = new JobListener() {};

  /**
   * An attempt of a job has started.
   *
   * @param job the job, as claimed for the attempt
   */
  default void jobStarted(JobRecord job) {}

  /**
   * An attempt of a job has ended.
   *
   * @param job the job
   * @param result the attempt's stored result
   */
  default void jobFinished(JobRecord job, JobResult result) {}

  /**
   * The failure policy decided about a failed or terminated attempt (before the decision is carried
   * out: a retry may still fail, for instance when its recovery script fails).
   *
   * @param job the job
   * @param failed the failed attempt's result
   * @param decision what the policy decided
   */
  default void decisionMade(JobRecord job, JobResult failed, Decision decision) {}

  /**
   * A retry of a job is scheduled.
   *
   * @param job the job
   * @param failed the failed attempt's result
   * @param decision the decision that retries it
   * @param notBefore the earliest time the next attempt runs, or {@code null} for at once
   */
  default void retryScheduled(
      JobRecord job, JobResult failed, Decision decision, Instant notBefore) {}

  /**
   * The job awaits classification ({@code pending_failed}) after this attempt.
   *
   * @param job the job
   * @param failed the failed attempt's result
   * @param reason why it was not retried or failed outright, in words
   */
  default void awaitingClassification(JobRecord job, JobResult failed, String reason) {}

  /**
   * A circuit breaker opened (or opened again after a failed probe): jobs whose last failure had
   * its signature are held, and failures with it are not retried.
   *
   * @param transition which breaker, for which signature, and when
   */
  default void breakerOpened(BreakerTransition transition) {}

  /**
   * An open circuit breaker's wait ended: it lets its probes launch.
   *
   * @param transition which breaker, for which signature, and when
   */
  default void breakerHalfOpen(BreakerTransition transition) {}

  /**
   * A circuit breaker closed after a probe succeeded: the jobs it held are released.
   *
   * @param transition which breaker, for which signature, and when
   */
  default void breakerClosed(BreakerTransition transition) {}
}
