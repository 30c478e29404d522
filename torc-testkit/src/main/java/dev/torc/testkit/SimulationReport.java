package dev.torc.testkit;

import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.run.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a simulation did.
 *
 * @param attempts every attempt, in the order they ended
 * @param holds every launch a circuit breaker held back
 * @param finalStatus each job's status at the end: completed, failed or pending_failed
 * @param end the virtual time when the last attempt ended
 */
public record SimulationReport(
    List<Attempt> attempts, List<Hold> holds, Map<String, JobStatus> finalStatus, Instant end) {

  /**
   * Copies the lists.
   *
   * @param attempts every attempt, in the order they ended
   * @param holds every launch a circuit breaker held back
   * @param finalStatus each job's status at the end: completed, failed or pending_failed
   * @param end the virtual time when the last attempt ended
   */
  public SimulationReport {
    attempts = List.copyOf(attempts);
    holds = List.copyOf(holds);
    finalStatus = Map.copyOf(finalStatus);
  }

  /**
   * One attempt.
   *
   * @param job the job's name
   * @param jobId the job's id in the simulation (1, 2, ... in the order jobs were added)
   * @param attemptId the attempt
   * @param start when it started
   * @param end when it ended
   * @param command the command it ran (a fallback replaces the job's)
   * @param requirements the requirements it ran with
   * @param probe whether a half-open breaker let it through as a probe
   * @param outcome how it ended
   * @param failure the analysis of a failed attempt, else {@code null}
   * @param decision the policy's decision after a failed attempt, else {@code null}
   */
  public record Attempt(
      String job,
      long jobId,
      int attemptId,
      Instant start,
      Instant end,
      String command,
      ResourceRequirements requirements,
      boolean probe,
      Outcome outcome,
      FailureRecord failure,
      Decision decision) {

    /**
     * The retry's delay, or {@code null} when the decision is not a retry.
     *
     * @return the retry's delay, or {@code null} when the decision is not a retry
     */
    public Duration delay() {
      return decision instanceof Decision.Retry r ? r.delay() : null;
    }
  }

  /**
   * A launch held back.
   *
   * @param job the job's name
   * @param attemptId the attempt that was held
   * @param at when
   * @param signature the signature of the job's last failure
   * @param breaker the breaker family that held it
   */
  public record Hold(String job, int attemptId, Instant at, String signature, String breaker) {}

  /**
   * The attempts of one job, in order.
   *
   * @param job the job
   * @return the attempts of one job, in order
   */
  public List<Attempt> attemptsOf(String job) {
    return attempts.stream().filter(a -> a.job().equals(job)).toList();
  }

  /**
   * The decisions made after one job's failed attempts, in order.
   *
   * @param job the job
   * @return the decisions made after one job's failed attempts, in order
   */
  public List<Decision> decisionsOf(String job) {
    return attemptsOf(job).stream().map(Attempt::decision).filter(d -> d != null).toList();
  }

  /**
   * One job's status at the end.
   *
   * @param job the job
   * @return one job's status at the end
   */
  public JobStatus finalStatus(String job) {
    JobStatus status = finalStatus.get(job);
    if (status == null) {
      throw new IllegalArgumentException("no job named " + job);
    }
    return status;
  }
}
