package dev.torc.recovery.breaker;

import dev.torc.recovery.breaker.BreakerState.Outcome;
import dev.torc.recovery.internal.BreakerMachine;
import dev.torc.recovery.policy.PolicyState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The circuit breakers of one {@link BreakerConfig}, one per failure signature, kept in a {@link
 * PolicyState}. The runner asks it before it launches a job whose last failure had a signature, and
 * tells it about successes; {@link SignatureCircuitBreaker} tells it about failures.
 *
 * <p>An attempt counts for signature S when it fails with S, or when it is an attempt of a job
 * whose previous attempt failed with S: then it counts as a success for S unless it fails with S
 * again. A job that has not failed has no signature and is never held.
 *
 * <p>The registry holds no state of its own; several registries over the same {@link PolicyState}
 * and configuration are interchangeable. Thread-safe as far as the state's {@link
 * PolicyState#update} is atomic.
 */
public final class BreakerRegistry {
  private static final String PREFIX = "breaker/";

  private final BreakerConfig config;
  private final PolicyState state;
  private final BreakerMachine machine;

  private BreakerRegistry(BreakerConfig config, PolicyState state) {
    this.config = Objects.requireNonNull(config, "config");
    this.state = Objects.requireNonNull(state, "state");
    this.machine = new BreakerMachine(config);
  }

  /**
   * The breakers of this configuration in this state.
   *
   * @param config the configuration
   * @param state where the policies keep durable state
   * @return the breakers of this configuration in this state
   */
  public static BreakerRegistry of(BreakerConfig config, PolicyState state) {
    return new BreakerRegistry(config, state);
  }

  /**
   * The breakers' configuration.
   *
   * @return the configuration
   */
  public BreakerConfig config() {
    return config;
  }

  /**
   * The key under which the breaker of a signature lives in the policy state.
   *
   * @param breakerName the breaker family's name
   * @param signature the failure signature
   * @return the key under which the breaker of a signature lives in the policy state
   */
  public static String key(String breakerName, String signature) {
    return PREFIX + breakerName + "/" + signature;
  }

  private String key(String signature) {
    return key(config.name(), signature);
  }

  private BreakerState stored(String signature) {
    return state.get(key(signature), BreakerState.class).orElse(BreakerState.INITIAL);
  }

  /**
   * The breaker of a signature as stored, not advanced to any time (an open breaker whose wait is
   * over still reads open).
   *
   * @param signature the failure signature
   * @return the stored state, or the initial (closed) one
   */
  public BreakerState storedState(String signature) {
    return stored(signature);
  }

  /**
   * The breaker of a signature as it stands at {@code now} (open turns half-open after the wait).
   *
   * @param signature the failure signature
   * @param now the current time
   * @return the breaker of a signature as it stands at {@code now} (open turns half-open after the
   *     wait)
   */
  public BreakerState state(String signature, Instant now) {
    return machine.at(stored(signature), now);
  }

  /**
   * Whether a job whose last failure had this signature may launch now; {@code true} for a {@code
   * null} signature. Changes nothing: to launch, call {@link #tryAcquireLaunch}.
   *
   * @param signature the failure signature
   * @param now the current time
   * @return whether a job whose last failure had this signature may launch now; {@code true} for a
   *     {@code null} signature
   */
  public boolean permitsLaunch(String signature, Instant now) {
    return signature == null || machine.permits(stored(signature), now);
  }

  /**
   * Asks to launch a job whose last failure had this signature, right before launching it: {@code
   * true} for a {@code null} signature or a closed breaker; {@code false} for an open one; for a
   * half-open one, {@code true} for the first {@link BreakerConfig#probes()} launches, each of
   * which then counts as a probe. Give back a launch that did not start with {@link
   * #releaseLaunch}.
   *
   * @param signature the failure signature
   * @param now the current time
   * @return whether the job may launch now
   */
  public boolean tryAcquireLaunch(String signature, Instant now) {
    if (signature == null) {
      return true;
    }
    boolean[] granted = {false};
    state.update(
        key(signature),
        BreakerState.class,
        current -> {
          BreakerState s = current.orElse(BreakerState.INITIAL);
          granted[0] = machine.permits(s, now);
          return granted[0] ? machine.acquire(s, now) : s;
        });
    return granted[0];
  }

  /**
   * Gives back a launch {@link #tryAcquireLaunch} let through but that did not start.
   *
   * @param signature the failure signature
   */
  public void releaseLaunch(String signature) {
    if (signature != null) {
      state.update(
          key(signature),
          BreakerState.class,
          current -> machine.release(current.orElse(BreakerState.INITIAL)));
    }
  }

  /**
   * Records that an attempt failed with this signature; returns the breaker's new state.
   *
   * @param signature the failure signature
   * @param jobId the job
   * @param runId the run
   * @param attemptId the attempt number
   * @param now the current time
   * @return the breaker's new state
   */
  public BreakerState recordFailure(
      String signature, long jobId, int runId, int attemptId, Instant now) {
    return record(signature, new Outcome(jobId, runId, attemptId, true), now);
  }

  /**
   * Records that an attempt of a job whose previous attempt failed with this signature did not fail
   * with it again (it succeeded, or failed otherwise); returns the breaker's new state, or the
   * initial state for a {@code null} signature.
   *
   * @param signature the failure signature
   * @param jobId the job
   * @param runId the run
   * @param attemptId the attempt number
   * @param now the current time
   * @return the breaker's new state, or the initial state for a {@code null} signature
   */
  public BreakerState recordSuccess(
      String signature, long jobId, int runId, int attemptId, Instant now) {
    if (signature == null) {
      return BreakerState.INITIAL;
    }
    return record(signature, new Outcome(jobId, runId, attemptId, false), now);
  }

  private BreakerState record(String signature, Outcome outcome, Instant now) {
    Objects.requireNonNull(signature, "signature");
    return state.update(
        key(signature),
        BreakerState.class,
        current -> machine.record(current.orElse(BreakerState.INITIAL), outcome, now));
  }

  /**
   * When a launch held by this signature's breaker may next be let through: {@code now} when it
   * would be now, the end of the wait when the breaker is open, empty when a half-open breaker has
   * let all its probes through and waits for their outcome.
   *
   * @param signature the failure signature
   * @param now the current time
   * @return when a launch held by this signature's breaker may next be let through: {@code now}
   *     when it would be now, the end of the wait when the breaker is open, empty when a half-open
   *     breaker has let all its probes through and waits for their outcome
   */
  public Optional<Instant> nextLaunchTime(String signature, Instant now) {
    if (permitsLaunch(signature, now)) {
      return Optional.of(now);
    }
    BreakerState s = state(signature, now);
    return s.state() == BreakerState.State.OPEN
        ? Optional.of(s.openedAt().plus(config.waitInOpen()))
        : Optional.empty();
  }

  /**
   * Every breaker of this configuration by signature, as stored (not advanced to any time).
   *
   * @return every breaker of this configuration by signature, as stored (not advanced to any time)
   */
  public Map<String, BreakerState> breakers() {
    String prefix = key(config.name(), "");
    Map<String, BreakerState> out = new TreeMap<>();
    state
        .snapshot()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix) && v instanceof BreakerState b) {
                out.put(k.substring(prefix.length()), b);
              }
            });
    return out;
  }
}
