package dev.torc.recovery.internal;

import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.BreakerState;
import dev.torc.recovery.breaker.BreakerState.Outcome;
import dev.torc.recovery.breaker.BreakerState.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The transitions of one breaker, as pure functions of its state, the time and an event. */
public final class BreakerMachine {
  private final BreakerConfig config;

  public BreakerMachine(BreakerConfig config) {
    this.config = config;
  }

  /** The state at {@code now}: an open breaker whose wait is over is half-open. */
  public BreakerState at(BreakerState s, Instant now) {
    if (s.state() == State.OPEN && !now.isBefore(s.openedAt().plus(config.waitInOpen()))) {
      return new BreakerState(State.HALF_OPEN, s.window(), s.sinceClosed(), s.openedAt(), 0);
    }
    return s;
  }

  /** Whether a launch would be let through at {@code now}. */
  public boolean permits(BreakerState s, Instant now) {
    BreakerState c = at(s, now);
    return switch (c.state()) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> c.probesIssued() < config.probes();
    };
  }

  /** The state after a launch was let through at {@code now}; call only when {@link #permits}. */
  public BreakerState acquire(BreakerState s, Instant now) {
    BreakerState c = at(s, now);
    if (c.state() == State.HALF_OPEN) {
      return new BreakerState(
          State.HALF_OPEN, c.window(), c.sinceClosed(), c.openedAt(), c.probesIssued() + 1);
    }
    return c;
  }

  /** The state after a launch that was let through did not start after all. */
  public BreakerState release(BreakerState s) {
    if (s.state() == State.HALF_OPEN && s.probesIssued() > 0) {
      return new BreakerState(
          State.HALF_OPEN, s.window(), s.sinceClosed(), s.openedAt(), s.probesIssued() - 1);
    }
    return s;
  }

  /** Whether the outcome of this attempt is already in the window. */
  public boolean recorded(BreakerState s, long jobId, int runId, int attemptId) {
    return s.window().stream().anyMatch(o -> o.sameAttempt(jobId, runId, attemptId));
  }

  /** The state after an attempt's outcome at {@code now}; recording an attempt again is a no-op. */
  public BreakerState record(BreakerState s, Outcome outcome, Instant now) {
    if (recorded(s, outcome.jobId(), outcome.runId(), outcome.attemptId())) {
      return s;
    }
    BreakerState c = at(s, now);
    List<Outcome> window = new ArrayList<>(c.window());
    window.add(outcome);
    int since = c.sinceClosed() + 1;
    while (window.size() > config.slidingWindowSize()) {
      window.remove(0);
    }
    since = Math.min(since, window.size());
    return switch (c.state()) {
      case CLOSED -> {
        BreakerState next = new BreakerState(State.CLOSED, window, since, c.openedAt(), 0);
        yield since >= config.minimumCalls() && next.failureRate() >= config.failureRateThreshold()
            ? new BreakerState(State.OPEN, window, since, now, 0)
            : next;
      }
      // Outcomes of attempts launched before the breaker opened do not move an open breaker.
      case OPEN -> new BreakerState(State.OPEN, window, since, c.openedAt(), c.probesIssued());
      case HALF_OPEN ->
          outcome.failed()
              ? new BreakerState(State.OPEN, window, since, now, 0)
              : new BreakerState(State.CLOSED, window, 0, c.openedAt(), 0);
    };
  }
}
