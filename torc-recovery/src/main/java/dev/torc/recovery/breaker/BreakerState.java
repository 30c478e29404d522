package dev.torc.recovery.breaker;

import dev.torc.recovery.policy.PolicyState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The durable state of the circuit breaker of one failure signature, kept in {@link PolicyState} so
 * that it survives a restart.
 *
 * @param state closed, open or half-open
 * @param window the most recent attempts counted for the signature, oldest first, at most the
 *     window size; kept across transitions so that recording an attempt twice changes nothing
 * @param sinceClosed how many of the window's newest outcomes were recorded since the breaker last
 *     closed; only those count towards the failure rate
 * @param openedAt when the breaker last opened, or {@code null} if it never did
 * @param probesIssued how many launches the breaker let through since it became half-open
 */
public record BreakerState(
    State state, List<Outcome> window, int sinceClosed, Instant openedAt, int probesIssued) {

  /** The states of a breaker. */
  public enum State {
    /** Attempts run; outcomes count towards the failure rate. */
    CLOSED,
    /** Launches are held and failures are not retried until the wait is over. */
    OPEN,
    /** A limited number of probe launches run; the first outcome closes or re-opens. */
    HALF_OPEN
  }

  /**
   * One counted attempt.
   *
   * @param jobId the job
   * @param runId the run
   * @param attemptId the attempt
   * @param failed whether it failed with the breaker's signature
   */
  public record Outcome(long jobId, int runId, int attemptId, boolean failed) {
    /**
     * Whether this outcome is of the same attempt as the other.
     *
     * @param job the job
     * @param run the run
     * @param attempt the attempt
     * @return whether this outcome is of the same attempt as the other
     */
    public boolean sameAttempt(long job, int run, int attempt) {
      return jobId == job && runId == run && attemptId == attempt;
    }
  }

  /** A closed breaker that has seen nothing. */
  public static final BreakerState INITIAL = new BreakerState(State.CLOSED, List.of(), 0, null, 0);

  /**
   * Checks and copies the values.
   *
   * @param state closed, open or half-open
   * @param window the most recent attempts counted for the signature, oldest first, at most the
   *     window size; kept across transitions so that recording an attempt twice changes nothing
   * @param sinceClosed how many of the window's newest outcomes were recorded since the breaker
   *     last closed; only those count towards the failure rate
   * @param openedAt when the breaker last opened, or {@code null} if it never did
   * @param probesIssued how many launches the breaker let through since it became half-open
   */
  public BreakerState {
    Objects.requireNonNull(state, "state");
    window = List.copyOf(window);
    if (sinceClosed < 0 || sinceClosed > window.size()) {
      throw new IllegalArgumentException("sinceClosed must be within the window");
    }
    if (state != State.CLOSED && openedAt == null) {
      throw new IllegalArgumentException("an open or half-open breaker needs openedAt");
    }
  }

  /**
   * The outcomes that count towards the failure rate: those since the breaker last closed.
   *
   * @return the outcomes that count towards the failure rate: those since the breaker last closed
   */
  public List<Outcome> counted() {
    return window.subList(window.size() - sinceClosed, window.size());
  }

  /**
   * The failure rate of the counted outcomes, or 0 when there are none.
   *
   * @return the failure rate of the counted outcomes, or 0 when there are none
   */
  public double failureRate() {
    List<Outcome> counted = counted();
    if (counted.isEmpty()) {
      return 0.0;
    }
    return (double) counted.stream().filter(Outcome::failed).count() / counted.size();
  }
}
