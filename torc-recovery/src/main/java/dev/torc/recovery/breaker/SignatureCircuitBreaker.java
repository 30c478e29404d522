package dev.torc.recovery.breaker;

import dev.torc.recovery.classify.FailureRecord;
import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.run.Decision;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops retrying a failure that keeps happening across jobs: one circuit breaker per failure
 * signature ({@link FailureRecord#signature()}), shared by all jobs of the workflow.
 *
 * <p>Each failure is recorded for its signature (and, when the job's previous attempt failed with
 * another signature, as a success for that one). While the breaker is closed the rest of the chain
 * decides. When the failure rate of the signature's recent attempts reaches the threshold (with at
 * least the minimum number of attempts), the breaker opens: this and further failures with the
 * signature are not retried but await classification or fail ({@link BreakerConfig#whenOpen()};
 * they await classification only in a workflow that uses {@code pending_failed}, and fail in
 * others), and the runner holds launches of jobs whose last failure had the signature ({@link
 * BreakerLaunchGate}, through {@link BreakerRegistry#tryAcquireLaunch}). After {@link
 * BreakerConfig#waitInOpen()} the breaker is half-open and lets {@link BreakerConfig#probes()}
 * launches through; the first outcome closes it (success) or opens it again (failure).
 *
 * <p>The state machine is that of Resilience4j's {@code CircuitBreaker} (count-based sliding
 * window, failure-rate threshold, minimum calls, wait in open, permitted calls in half-open), with
 * two differences: its state is a {@link BreakerState} record in the {@link PolicyState} rather
 * than in memory, so that a restarted runner finds the breakers as they were and recording an
 * attempt twice changes nothing; and in half-open the first outcome decides rather than the rate
 * over all probes. Time is the context's, so a virtual clock drives it.
 *
 * <p>Thread-safe; its state lives in {@link FailureContext#state()}.
 */
public final class SignatureCircuitBreaker implements RecoveryPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(SignatureCircuitBreaker.class);

  private final BreakerConfig config;

  private SignatureCircuitBreaker(BreakerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * A breaker family with this configuration.
   *
   * @param config the configuration
   * @return a breaker family with this configuration
   */
  public static SignatureCircuitBreaker of(BreakerConfig config) {
    return new SignatureCircuitBreaker(config);
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
   * The registry of this configuration's breakers in the given state, for the runner.
   *
   * @param state where the policies keep durable state
   * @return the registry of this configuration's breakers in the given state, for the runner
   */
  public BreakerRegistry registry(PolicyState state) {
    return BreakerRegistry.of(config, state);
  }

  @Override
  public Decision decide(FailureContext context, Next next) {
    BreakerRegistry registry = registry(context.state());
    FailureRecord failure = context.failure();
    long jobId = context.job().id();
    int runId = context.attempt().runId();
    int attemptId = context.attemptId();
    List<FailureRecord> history = context.history();
    if (!history.isEmpty()) {
      String previous = history.get(history.size() - 1).signature();
      if (!previous.equals(failure.signature())) {
        registry.recordSuccess(previous, jobId, runId, attemptId, context.now());
      }
    }
    BreakerState.State before = registry.state(failure.signature(), context.now()).state();
    BreakerState after =
        registry.recordFailure(failure.signature(), jobId, runId, attemptId, context.now());
    if (after.state() == BreakerState.State.CLOSED) {
      return next.decide(context);
    }
    String reason =
        "circuit breaker open for failures like '"
            + failure.signature()
            + "' ("
            + Math.round(after.failureRate() * 100)
            + " % of the last "
            + after.counted().size()
            + " attempts failed so)";
    if (before != BreakerState.State.OPEN) {
      LOG.warn(
          "circuit breaker {} opened after job {} attempt {}: {}",
          config.name(),
          context.job().name(),
          attemptId,
          reason);
    }
    return config.whenOpen() == BreakerConfig.OpenAction.FAIL || !context.usePendingFailed()
        ? Decision.fail(reason)
        : Decision.awaitClassification(reason);
  }

  @Override
  public String toString() {
    return "SignatureCircuitBreaker" + config;
  }
}
